package dev.syncmetrics.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records the measured figures of the fault battery in {@code target/reliability-figures.txt} (and
 * on standard output), from which docs/reliability.md quotes them.
 */
final class Figures {
  private static final Path FILE = Path.of("target", "reliability-figures.txt");

  private Figures() {}

  static synchronized void record(String testCase, String line) {
    String text = testCase + ": " + line;
    System.out.println("FIGURE " + text);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          text + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
