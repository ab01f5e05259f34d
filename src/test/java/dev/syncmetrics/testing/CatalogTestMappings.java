package dev.syncmetrics.testing;

import dev.syncmetrics.catalog.WebhookMappings;
import java.nio.file.Path;

/** The mappings catalog tests run with: the project's own {@code mappings/} directory. */
public final class CatalogTestMappings {
  /** The project's mappings directory (tests run in the project's base directory). */
  public static final Path DIR = Path.of("mappings");

  private CatalogTestMappings() {}

  /** The seed guide's blueprints and mappings, plus the phase metrics ones. */
  public static WebhookMappings seed() {
    return WebhookMappings.load(DIR);
  }
}
