package dev.syncmetrics.catalog;

/** The mappings catalog tests run with. */
final class CatalogTestMappings {
  private CatalogTestMappings() {}

  /** The seed guide's blueprints and mappings. */
  static WebhookMappings seed() {
    return new FakeSeedMappings();
  }
}
