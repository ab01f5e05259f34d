package dev.syncmetrics.internal.catalog;

import java.time.Duration;

/**
 * The JDK HTTP server closes a connection whose request (headers and body) is not received, or
 * whose answer is not taken, within {@code sun.net.httpserver.maxReqTime} / {@code maxRspTime}
 * seconds, so a slow client cannot hold a thread forever; {@code sun.net.httpserver.nodelay} turns
 * on TCP_NODELAY. All are read once per JVM when the first server starts. A value set on the
 * command line ({@code -D}) wins.
 */
final class RequestTimeouts {
  static final String MAX_REQUEST = "sun.net.httpserver.maxReqTime";
  static final String MAX_RESPONSE = "sun.net.httpserver.maxRspTime";

  /**
   * Without TCP_NODELAY every answer's last small write waits for the client's delayed ACK: about
   * 40 ms per webhook on Linux (docs/performance.md).
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private RequestTimeouts() {}

  static synchronized void applyDefault(Duration timeout) {
    String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
    if (System.getProperty(MAX_REQUEST) == null) {
      System.setProperty(MAX_REQUEST, seconds);
    }
    if (System.getProperty(MAX_RESPONSE) == null) {
      System.setProperty(MAX_RESPONSE, seconds);
    }
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }
}
