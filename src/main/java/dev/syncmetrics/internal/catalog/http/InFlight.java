package dev.syncmetrics.internal.catalog.http;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests under way, so that a drain waits for the last one to end (woken by it, not by
 * polling) up to a deadline.
 *
 * <pre>{@code
 * inFlight.begin();
 * try { answer(exchange); } finally { inFlight.end(); }
 * ...
 * boolean idle = inFlight.awaitNone(Duration.ofSeconds(5));
 * }</pre>
 */
final class InFlight {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition none = lock.newCondition();
  private int count;

  void begin() {
    lock.lock();
    try {
      count++;
    } finally {
      lock.unlock();
    }
  }

  void end() {
    lock.lock();
    try {
      if (--count == 0) {
        none.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no request is under way or {@code timeout} has passed.
   *
   * @return true when none is left
   */
  boolean awaitNone(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (count > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = none.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Requests under way now (for tests). */
  int count() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }
}
