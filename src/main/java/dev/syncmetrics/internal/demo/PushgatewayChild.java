package dev.syncmetrics.internal.demo;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus-pushgateway} run as a child process on 127.0.0.1, memory only ({@code
 * --persistence.file=""}), its output in a log file.
 *
 * <pre>{@code
 * Optional<Path> binary = PushgatewayChild.find("prometheus-pushgateway", System.getenv("PATH"));
 * try (PushgatewayChild pg = PushgatewayChild.start(binary.get(), 0, Path.of("pushgateway.log"))) {
 *   String metrics = pg.url() + "/metrics";
 * }
 * }</pre>
 */
public final class PushgatewayChild implements AutoCloseable {
  /** The Debian package's binary (and package) name. */
  public static final String BINARY = "prometheus-pushgateway";

  private static final Duration READY_WITHIN = Duration.ofSeconds(20);

  private final Process process;
  private final int port;

  private PushgatewayChild(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Finds the binary: a name containing {@code /} is taken as a path, any other is looked up in the
   * directories of {@code path} (the {@code PATH} variable). Empty when it is not there.
   */
  public static Optional<Path> find(String binary, String path) {
    requireNonNull(binary, "binary must not be null");
    if (binary.contains(File.separator)) {
      Path p = Path.of(binary);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, binary);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts the Pushgateway on {@code port} (0: a free one) and waits until it is ready.
   *
   * @throws IOException when it cannot be started or is not ready within 20 seconds (the message
   *     names the log file)
   */
  public static PushgatewayChild start(Path binary, int port, Path log) throws IOException {
    requireNonNull(binary, "binary must not be null");
    requireNonNull(log, "log must not be null");
    int chosen = port == 0 ? freePort() : port;
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--web.listen-address=127.0.0.1:" + chosen,
                    "--persistence.file="))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    PushgatewayChild child = new PushgatewayChild(process, chosen);
    try {
      child.awaitReady(log);
    } catch (IOException | RuntimeException e) {
      child.close();
      throw e;
    }
    return child;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(BINARY + " exited at once (is port " + port + " free?); see " + log);
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(url() + "/-/ready").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(1000);
        int code = c.getResponseCode();
        c.disconnect();
        if (code == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + BINARY);
      }
    }
    throw new IOException(
        BINARY + " was not ready within " + READY_WITHIN.toSeconds() + " s; see " + log);
  }

  public int port() {
    return port;
  }

  /** Its base URL, such as {@code http://127.0.0.1:9091}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops it (SIGTERM, then SIGKILL after five seconds). Safe to call twice. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
