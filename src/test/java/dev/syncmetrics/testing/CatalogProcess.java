package dev.syncmetrics.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code syncmetrics catalog} in its own JVM, as a user runs it: the runnable jar when the {@code
 * syncmetrics.jar} system property names one (failsafe sets it), else this test classpath. Stopped
 * when the test closes it or the JVM exits.
 *
 * <pre>{@code
 * try (CatalogProcess c = CatalogProcess.start(db, "--webhook-secret", "s")) {
 *   c.kill();   // SIGKILL, as a crash
 * }
 * }</pre>
 */
public final class CatalogProcess implements AutoCloseable {
  private final int port;
  private final Path log;
  private final Process process;
  private final Thread shutdownHook;

  private CatalogProcess(int port, Path log, Process process) {
    this.port = port;
    this.log = log;
    this.process = process;
    this.shutdownHook = new Thread(process::destroyForcibly, "stop-catalog-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a catalog on a free port with the project's mappings and the SQLite file or JDBC URL
   * {@code db}, plus any extra arguments, and waits until {@code /healthz} answers.
   */
  public static CatalogProcess start(String db, Path logDir, String... extraArgs) {
    return start(db, logDir, CatalogTestMappings.DIR, Map.of(), extraArgs);
  }

  /**
   * As {@link #start(String, Path, String...)}, with the mappings of {@code mappingsDir} and the
   * variables of {@code env} added to the child's environment (a webhook's {@code ${SECRET}}).
   */
  public static CatalogProcess start(
      String db, Path logDir, Path mappingsDir, Map<String, String> env, String... extraArgs) {
    int port = FreePort.find();
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(
        List.of(
            "catalog",
            "--port",
            Integer.toString(port),
            "--mappings",
            mappingsDir.toAbsolutePath().toString(),
            "--db",
            db));
    command.addAll(List.of(extraArgs));
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve("catalog-" + port + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process p = builder.start();
      CatalogProcess c = new CatalogProcess(port, log, p);
      c.awaitReady();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private static List<String> javaCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("syncmetrics.jar");
    if (jar != null && new File(jar).isFile()) {
      return List.of(java, "-jar", jar);
    }
    return List.of(
        java, "-cp", System.getProperty("java.class.path"), "dev.syncmetrics.internal.cli.Main");
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("catalog exited early:\n" + output());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(baseUrl() + "/healthz").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      ServerProcess.sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException("catalog not ready within 60 s:\n" + output());
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** Asks the process to stop (SIGTERM, as Ctrl-C) and returns its exit code. */
  public int stop() {
    process.destroy();
    return waitFor();
  }

  private int waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
