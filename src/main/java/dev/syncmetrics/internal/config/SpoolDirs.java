package dev.syncmetrics.internal.config;

import java.nio.file.Path;

/**
 * Where an integration's undelivered payloads wait when no spool directory is configured.
 *
 * <pre>{@code
 * SpoolDirs.defaultFor("sync", "github", "github-prod")
 *   // <java.io.tmpdir>/syncmetrics-spool/sync.github.github-prod
 * }</pre>
 */
public final class SpoolDirs {
  private SpoolDirs() {}

  /**
   * {@code <java.io.tmpdir>/syncmetrics-spool/<job>.<type>.<identifier>}: one directory per
   * integration, so that a process never redelivers another integration's payloads to its own
   * webhook. Characters other than letters, digits, '-' and '_' become '_'.
   */
  public static Path defaultFor(String job, String type, String identifier) {
    String name = String.join(".", safe(job), safe(type), safe(identifier));
    return Path.of(System.getProperty("java.io.tmpdir"), "syncmetrics-spool", name);
  }

  private static String safe(String s) {
    if (s == null || s.isEmpty()) {
      return "_";
    }
    String cleaned = s.replaceAll("[^A-Za-z0-9_-]", "_");
    return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
  }
}
