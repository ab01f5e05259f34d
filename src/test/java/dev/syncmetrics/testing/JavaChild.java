package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run in a child JVM, as a separate process of a reporter.
 *
 * <pre>{@code
 * JavaChild.Outcome o = JavaChild.run(List.of("-Xmx32m"), SpoolDrainChild.class, dir.toString(), url);
 * assertEquals(0, o.exitCode(), o.stderr());
 * }</pre>
 */
public final class JavaChild {
  private JavaChild() {}

  /**
   * @param exitCode the process's; @param stdout and @param stderr what it printed
   */
  public record Outcome(int exitCode, String stdout, String stderr) {}

  /** Starts the child; its output is the caller's to read. */
  public static Process start(List<String> jvmArgs, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + main.getName(), e);
    }
  }

  /** Runs the child to its end (at most two minutes) and returns what it printed. */
  public static Outcome run(List<String> jvmArgs, Class<?> main, String... args) {
    return await(start(jvmArgs, main, args));
  }

  /** Waits for a started child (at most two minutes), killing it if it takes longer. */
  public static Outcome await(Process p) {
    try {
      var out = p.getInputStream();
      var err = p.getErrorStream();
      StringBuilder stderr = new StringBuilder();
      Thread errReader =
          new Thread(
              () -> {
                try {
                  stderr.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                  // the process ended
                }
              });
      errReader.start();
      String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("child did not end within two minutes");
      }
      errReader.join(10_000);
      return new Outcome(p.exitValue(), stdout, stderr.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
