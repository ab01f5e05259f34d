package dev.syncmetrics.catalog;

import java.time.Duration;

/**
 * The JDK HTTP server closes a connection whose request (headers and body) is not received, or
 * whose answer is not taken, within {@code sun.net.httpserver.maxReqTime} / {@code maxRspTime}
 * seconds. Both are read once per JVM when the first server starts, so a slow client cannot hold a
 * thread forever. A value set on the command line ({@code -D}) wins.
 */
final class RequestTimeouts {
  static final String MAX_REQUEST = "sun.net.httpserver.maxReqTime";
  static final String MAX_RESPONSE = "sun.net.httpserver.maxRspTime";

  private RequestTimeouts() {}

  static synchronized void applyDefault(Duration timeout) {
    String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
    if (System.getProperty(MAX_REQUEST) == null) {
      System.setProperty(MAX_REQUEST, seconds);
    }
    if (System.getProperty(MAX_RESPONSE) == null) {
      System.setProperty(MAX_RESPONSE, seconds);
    }
  }
}
