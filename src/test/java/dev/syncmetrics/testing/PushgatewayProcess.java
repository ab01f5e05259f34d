package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code prometheus-pushgateway}, memory only ({@code --persistence.file=}, so that
 * instances never share Debian's default file), on a free loopback port.
 *
 * <pre>{@code
 * try (PushgatewayProcess pg = PushgatewayProcess.startOnFreePort()) {
 *   String url = pg.baseUrl();
 * }
 * }</pre>
 */
public final class PushgatewayProcess extends ServerProcess {
  public static final String BINARY = "prometheus-pushgateway";

  private final String routePrefix;

  private PushgatewayProcess(int port, Path dir, String routePrefix) {
    super(
        "prometheus-pushgateway",
        command(port, routePrefix),
        dir.resolve("pushgateway.log"),
        port,
        routePrefix + "/-/ready");
    this.routePrefix = routePrefix;
  }

  private static List<String> command(int port, String routePrefix) {
    List<String> c = new ArrayList<>();
    c.add(BINARY);
    c.add("--web.listen-address=127.0.0.1:" + port);
    c.add("--persistence.file="); // memory only: never Debian's shared default file
    c.add("--web.enable-admin-api");
    if (!routePrefix.isEmpty()) {
      c.add("--web.route-prefix=" + routePrefix);
    }
    return c;
  }

  public static PushgatewayProcess startOnFreePort() {
    return start(FreePort.find());
  }

  /** Starts on the given port (to restart one at the same address after a kill). */
  public static PushgatewayProcess start(int port) {
    return start(port, "");
  }

  /**
   * Starts on a free port serving every path under {@code routePrefix} ({@code --web.route-prefix},
   * such as {@code /pg}), as behind a reverse proxy.
   */
  public static PushgatewayProcess startWithRoutePrefix(String routePrefix) {
    return start(FreePort.find(), routePrefix);
  }

  private static PushgatewayProcess start(int port, String routePrefix) {
    try {
      Path dir = Files.createTempDirectory("pushgateway");
      PushgatewayProcess p = new PushgatewayProcess(port, dir, routePrefix);
      p.launch();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL a reporter pushes to: the base URL with the route prefix, if any. */
  public String pushUrl() {
    return baseUrl() + routePrefix;
  }

  /**
   * Requests the Pushgateway counted for one of its handlers (such as {@code api/v1/metrics} or
   * {@code push}), from its own {@code pushgateway_http_requests_total}; scrapes are not counted.
   */
  public long requestsTo(String handler) {
    String text;
    try {
      text =
          new String(
              URI.create(pushUrl() + "/metrics").toURL().openStream().readAllBytes(),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long n = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("pushgateway_http_requests_total{")
          && line.contains("handler=\"" + handler + "\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }
}
