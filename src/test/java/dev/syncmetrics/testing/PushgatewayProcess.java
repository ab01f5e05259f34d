package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's {@code prometheus-pushgateway}, memory only, on a free loopback port.
 *
 * <pre>{@code
 * try (PushgatewayProcess pg = PushgatewayProcess.startOnFreePort()) {
 *   String url = pg.baseUrl();
 * }
 * }</pre>
 */
public final class PushgatewayProcess extends ServerProcess {
  public static final String BINARY = "prometheus-pushgateway";

  private PushgatewayProcess(int port, Path dir) {
    super(
        "prometheus-pushgateway",
        List.of(
            BINARY,
            "--web.listen-address=127.0.0.1:" + port,
            "--persistence.file=",
            "--web.enable-admin-api"),
        dir.resolve("pushgateway.log"),
        port,
        "/-/ready");
  }

  public static PushgatewayProcess startOnFreePort() {
    return start(FreePort.find());
  }

  /** Starts on the given port (to restart one at the same address after a kill). */
  public static PushgatewayProcess start(int port) {
    try {
      Path dir = Files.createTempDirectory("pushgateway");
      PushgatewayProcess p = new PushgatewayProcess(port, dir);
      p.launch();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
