package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server (Debian's packages) started by a test as a child process on a loopback port, its
 * output going to a log file, stopped when the test closes it or the JVM exits.
 */
public class ServerProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Path log;
  private final int port;
  private final String readyPath;
  private Process process;
  private final Thread shutdownHook;

  public ServerProcess(String name, List<String> command, Path log, int port, String readyPath) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.port = port;
    this.readyPath = readyPath;
    this.shutdownHook = new Thread(this::destroy, "stop-" + name);
  }

  /** Starts the process and waits until {@code GET readyPath} answers 200. */
  public ServerProcess launch() {
    try {
      Files.createDirectories(log.getParent());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " " + command, e);
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    awaitReady(Duration.ofSeconds(30));
    return this;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early; see " + log + ":\n" + tail());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(baseUrl() + readyPath).toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(1000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(50);
    }
    destroy();
    throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
  }

  public String tail() {
    try {
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void destroy() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
