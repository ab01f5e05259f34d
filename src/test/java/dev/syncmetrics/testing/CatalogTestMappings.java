package dev.syncmetrics.testing;

import dev.syncmetrics.catalog.WebhookMappings;

/** The mappings catalog tests run with. */
public final class CatalogTestMappings {
  private CatalogTestMappings() {}

  /** The seed guide's blueprints and mappings. */
  public static WebhookMappings seed() {
    return new FakeSeedMappings();
  }
}
