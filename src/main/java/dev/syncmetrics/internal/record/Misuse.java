package dev.syncmetrics.internal.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** Logs each distinct misuse of the recording API once, so a loop cannot flood the log. */
final class Misuse {
  private static final int MAX_REMEMBERED = 1000;
  private static final Set<String> seen = ConcurrentHashMap.newKeySet();

  private Misuse() {}

  static void once(Logger logger, String message) {
    if (seen.size() < MAX_REMEMBERED && seen.add(message)) {
      logger.warn("syncmetrics: {}", message);
    }
  }
}
