package dev.syncmetrics.testing;

import dev.syncmetrics.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reporter {@link Clock} that only moves when a test says so, so durations and timestamps are
 * exact: {@code now()} is the start instant plus everything {@link #advance advanced} so far.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.now());
 * try (PhaseTimer t = kind.time(Phase.EXTRACT)) { clock.advance(Duration.ofMillis(1200)); }
 * }</pre>
 */
public final class ManualClock implements Clock {
  private final Instant start;
  private final AtomicLong elapsedNanos = new AtomicLong();

  public ManualClock(Instant start) {
    this.start = start;
  }

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
