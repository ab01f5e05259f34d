package dev.syncmetrics;

import java.time.Instant;

/**
 * Time as the reporter sees it: a monotonic clock for durations and a wall clock for timestamps.
 * Tests pass a fake one; everyone else uses {@link #SYSTEM}.
 *
 * <pre>{@code
 * SyncReporter reporter = SyncReporter.builder(config).clock(Clock.SYSTEM).build();
 * long start = Clock.SYSTEM.nanoTime();   // durations: monotonic
 * Instant at = Clock.SYSTEM.now();        // timestamps: wall clock
 * }</pre>
 */
public interface Clock {
  /** Nanoseconds from an arbitrary origin, for durations. */
  long nanoTime();

  /** The current instant, for {@code reported_at} and timestamps. */
  Instant now();

  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public Instant now() {
          return Instant.now();
        }
      };
}
