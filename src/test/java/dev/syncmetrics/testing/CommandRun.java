package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool run to completion by a test, e.g. {@code promtool check rules alerts.yml},
 * with its exit code and its combined output.
 *
 * <pre>{@code
 * CommandRun run = CommandRun.of(dir, Duration.ofMinutes(1), "promtool", "check", "rules", "a");
 * assertEquals(0, run.exitCode(), run.describe());
 * }</pre>
 */
public record CommandRun(List<String> command, int exitCode, String output) {

  /** Runs {@code command} in {@code dir}; kills it and fails if it outlives {@code timeout}. */
  public static CommandRun of(Path dir, Duration timeout, String... command) {
    try {
      Path out = Files.createTempFile("command", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new IllegalStateException(
              String.join(" ", command) + " still running after " + timeout);
        }
        return new CommandRun(
            List.of(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The command, its exit code and output, for an assertion message. */
  public String describe() {
    return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
  }
}
