package dev.syncmetrics.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's root directory in a test (Maven runs tests there and sets {@code basedir}), to read
 * shipped files such as {@code docs/prometheus/alerts.yml}.
 */
public final class ProjectDir {
  private ProjectDir() {}

  public static Path root() {
    Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new IllegalStateException("not the project root (no pom.xml): " + root);
    }
    return root;
  }

  /** A file of the project, which must exist, e.g. {@code resolve("docs/operations.md")}. */
  public static Path resolve(String relative) {
    Path file = root().resolve(relative);
    if (!Files.exists(file)) {
      throw new IllegalStateException("missing project file " + relative + " (" + file + ")");
    }
    return file;
  }
}
