package dev.syncmetrics.testing;

import dev.syncmetrics.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one fake {@link Clock} of the tests: it moves only when a test says so, so durations and
 * timestamps are exact: {@code now()} is the start instant plus everything {@link #advance
 * advanced} so far. Safe to share between threads.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
 * try (PhaseTimer t = kind.time(Phase.EXTRACT)) { clock.advance(Duration.ofMillis(1200)); }
 * }</pre>
 */
public final class FakeClock implements Clock {
  private final Instant start;
  private final AtomicLong elapsedNanos = new AtomicLong();

  public FakeClock(Instant start) {
    this.start = start;
  }

  /** Moves the clock forward; a clock cannot go back. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back: " + duration);
    }
    elapsedNanos.addAndGet(duration.toNanos());
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }

  @Override
  public Instant now() {
    return start.plusNanos(elapsedNanos.get());
  }
}
