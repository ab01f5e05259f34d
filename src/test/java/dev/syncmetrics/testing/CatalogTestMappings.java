package dev.syncmetrics.testing;

import java.nio.file.Path;

/**
 * The mappings catalog tests run with: the project's own {@code mappings/} directory (the seed
 * guide's blueprints and mappings, plus the phase metrics ones).
 */
public final class CatalogTestMappings {
  /** The project's mappings directory (tests run in the project's base directory). */
  public static final Path DIR = Path.of("mappings");

  private CatalogTestMappings() {}
}
