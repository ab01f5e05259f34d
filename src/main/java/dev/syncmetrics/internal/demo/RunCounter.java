package dev.syncmetrics.internal.demo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo's run number, kept in a file of the data directory so that runs go on counting across
 * restarts: two {@code demo --once} on the same directory are runs 1 and 2.
 *
 * <pre>{@code
 * RunCounter runs = new RunCounter(Path.of("demo-data"));
 * int run = runs.next();   // 1, then 2, ...
 * }</pre>
 */
public final class RunCounter {
  static final String FILE = "run-number";

  private final Path file;

  public RunCounter(Path dataDir) {
    this.file = requireNonNull(dataDir, "dataDir must not be null").resolve(FILE);
  }

  /** The last run's number, 0 before the first. */
  public int last() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException(
          file
              + " should hold the last run number, not '"
              + abbreviate(text)
              + "'; delete it to start again from run 1");
    }
  }

  /** Counts one more run, writes it down (atomically) and returns its number. */
  public int next() throws IOException {
    int n = last() + 1;
    Path tmp = file.resolveSibling(FILE + ".tmp");
    Files.writeString(tmp, n + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return n;
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "..." : s;
  }
}
