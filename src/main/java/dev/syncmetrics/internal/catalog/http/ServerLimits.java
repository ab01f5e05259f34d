package dev.syncmetrics.internal.catalog.http;

import java.time.Duration;

/**
 * What the catalog's HTTP server ({@link HttpServerHost}) allows.
 *
 * @param workers requests handled at once (each on its own thread)
 * @param queue requests waiting for a worker; beyond that, 503 with {@code Retry-After}
 * @param maxBodyBytes the largest body read; a larger one is not read and its handler answers 413
 * @param requestTimeout a body must arrive within this once the headers have (else 408), and a
 *     connection silent this long (sending or reading) is closed
 * @param maxConnections open connections; beyond this Jetty stops accepting for a while and closes
 *     connections idle for more than a second
 */
public record ServerLimits(
    int workers, int queue, long maxBodyBytes, Duration requestTimeout, int maxConnections) {
  public static final ServerLimits DEFAULT =
      new ServerLimits(16, 256, 1024 * 1024, Duration.ofSeconds(30), 10_000);
}
