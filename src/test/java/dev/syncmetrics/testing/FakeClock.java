package dev.syncmetrics.testing;

import dev.syncmetrics.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. */
public final class FakeClock implements Clock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Instant origin;

  public FakeClock(Instant origin) {
    this.origin = origin;
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return origin.plusNanos(nanos.get() - 1_000_000_000L);
  }
}
