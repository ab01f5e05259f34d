package dev.syncmetrics.testing;

import dev.syncmetrics.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: by {@link #advance}, or, made {@link #ticking}, by a fixed
 * step each time {@link #nanoTime} is read.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
 * clock.advance(Duration.ofSeconds(1));
 * }</pre>
 */
public final class FakeClock implements Clock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Instant origin;
  private final long stepNanos;

  public FakeClock(Instant origin) {
    this(origin, 0);
  }

  private FakeClock(Instant origin, long stepNanos) {
    this.origin = origin;
    this.stepNanos = stepNanos;
  }

  /**
   * A clock that moves on by {@code step} every time {@link #nanoTime} is read, so every duration
   * measured with it is a whole number of steps and never zero.
   */
  public static FakeClock ticking(Instant origin, Duration step) {
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive, not " + step);
    }
    return new FakeClock(origin, step.toNanos());
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long nanoTime() {
    return nanos.addAndGet(stepNanos);
  }

  @Override
  public Instant now() {
    return origin.plusNanos(nanos.get() - 1_000_000_000L);
  }
}
