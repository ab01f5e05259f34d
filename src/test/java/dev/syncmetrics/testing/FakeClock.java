package dev.syncmetrics.testing;

import dev.syncmetrics.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one fake {@link Clock} of the tests: it moves only when a test says so, by {@link #advance},
 * or, made {@link #ticking}, by a fixed step each time {@link #nanoTime} is read. Durations and
 * timestamps are exact: {@code now()} is the start instant plus everything the clock moved so far.
 * Safe to share between threads.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
 * try (PhaseTimer t = kind.time(Phase.EXTRACT)) { clock.advance(Duration.ofMillis(1200)); }
 * }</pre>
 */
public final class FakeClock implements Clock {
  private final Instant start;
  private final long stepNanos;
  private final AtomicLong elapsedNanos = new AtomicLong();

  public FakeClock(Instant start) {
    this(start, 0);
  }

  private FakeClock(Instant start, long stepNanos) {
    this.start = start;
    this.stepNanos = stepNanos;
  }

  /**
   * A clock that moves on by {@code step} every time {@link #nanoTime} is read, so every duration
   * measured with it is a whole number of steps and never zero.
   */
  public static FakeClock ticking(Instant start, Duration step) {
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive, not " + step);
    }
    return new FakeClock(start, step.toNanos());
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
    return elapsedNanos.addAndGet(stepNanos);
  }

  @Override
  public Instant now() {
    return start.plusNanos(elapsedNanos.get());
  }
}
