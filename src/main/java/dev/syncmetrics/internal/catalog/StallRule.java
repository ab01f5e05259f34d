package dev.syncmetrics.internal.catalog;

import java.time.Duration;

/**
 * When a run that has said {@code syncing} is shown {@code STALLED}: once it has been running
 * longer than {@code factor} times the integration's last finished run, and at least {@code
 * minimum}. An integration with no finished run yet is never shown stalled (the Prometheus alert
 * for a run that never ends covers it).
 *
 * <pre>{@code
 * StallRule rule = new StallRule(3, Duration.ofMinutes(1));
 * Duration after = rule.after(Duration.ofSeconds(40));   // 2 minutes
 * }</pre>
 *
 * @param factor how many times the last run's duration a run may take, above 1
 * @param minimum the shortest time after which a run can be stalled, not negative
 */
record StallRule(double factor, Duration minimum) {
  static final double DEFAULT_FACTOR = 3;
  static final Duration DEFAULT_MINIMUM = Duration.ofMinutes(1);
  static final StallRule DEFAULT = new StallRule(DEFAULT_FACTOR, DEFAULT_MINIMUM);

  StallRule {
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "stall factor must be a number of at least 1, not " + factor);
    }
    if (minimum == null || minimum.isNegative()) {
      throw new IllegalArgumentException("stall minimum must not be negative, not " + minimum);
    }
  }

  /** How long a run may take when the last one took {@code lastRun}. */
  Duration after(Duration lastRun) {
    long millis = (long) Math.ceil(lastRun.toMillis() * factor);
    Duration scaled = Duration.ofMillis(Math.max(0, millis));
    return scaled.compareTo(minimum) > 0 ? scaled : minimum;
  }
}
