package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.spool.Spool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a report's webhook payloads with at most {@code concurrency} requests in flight, until a
 * deadline: the claimed backlog first (oldest first, read from the spool one at a time), then the
 * new payloads. A backlog payload is removed from the spool as soon as it is delivered.
 */
final class WebhookBatch {
  private static final Logger logger = LoggerFactory.getLogger(WebhookBatch.class);
  private static final int MAX_FAILURE_LINES = 5;

  /** How often the wait looks again at a deadline that may have been brought forward. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final WebhookSink sink;
  private final ExecutorService executor;
  private final int concurrency;
  private final Clock clock;

  WebhookBatch(WebhookSink sink, ExecutorService executor, int concurrency, Clock clock) {
    this.sink = sink;
    this.executor = executor;
    this.concurrency = concurrency;
    this.clock = clock;
  }

  /**
   * What became of the payloads.
   *
   * @param delivered backlog and new payloads the target accepted
   * @param rejected payloads the target refused for good (400, 413, 415, 422)
   * @param retried extra attempts after failures
   * @param undelivered new payloads neither delivered nor rejected: to be spooled
   * @param failures up to five lines saying why, then how many more
   */
  record Result(
      int delivered, int rejected, int retried, List<Payload> undelivered, List<String> failures) {}

  /**
   * Sends until everything is sent or {@code deadline} passes; then cancels requests in flight and
   * gives their threads up to {@code graceNanos} to finish.
   */
  Result send(Spool.Claim backlog, List<Payload> fresh, long deadline, long graceNanos) {
    return send(backlog, fresh, new AtomicLong(deadline), graceNanos);
  }

  /**
   * As {@link #send(Spool.Claim, List, long, long)}, with a deadline that may be brought forward
   * while sending (a run's report needs its backlog's outcome by then).
   */
  Result send(Spool.Claim backlog, List<Payload> fresh, AtomicLong deadlineNanos, long graceNanos) {
    int n = fresh.size();
    AtomicIntegerArray settled = new AtomicIntegerArray(n);
    AtomicInteger nextFresh = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger retried = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    AtomicBoolean stopped = new AtomicBoolean();
    int workers = Math.max(1, Math.min(concurrency, backlog.size() + n));
    CountDownLatch workersDone = new CountDownLatch(workers);
    Runnable worker =
        () -> {
          try {
            while (!stopped.get()) {
              Optional<Payload> old = backlog.next();
              int index = old.isPresent() ? -1 : nextFresh.getAndIncrement();
              if (old.isEmpty() && index >= n) {
                return;
              }
              Payload p = old.orElseGet(() -> fresh.get(index));
              WebhookSink.Outcome o = sink.send(p, deadlineNanos.get());
              retried.addAndGet(Math.max(0, o.attempts() - 1));
              if (o.status() == WebhookSink.Status.FAILED) {
                note(failures, p.kindIdentifier() + ": " + o.error());
                continue;
              }
              if (o.status() == WebhookSink.Status.DELIVERED) {
                delivered.incrementAndGet();
              } else {
                rejected.incrementAndGet();
                note(failures, p.kindIdentifier() + " rejected: " + o.error());
                logger.warn(
                    "syncmetrics: webhook {} rejected payload {} for good: {}",
                    sink.describe(),
                    p.idempotencyKey(),
                    o.error());
              }
              if (old.isPresent()) {
                backlog.done(p);
              } else {
                settled.set(index, 1);
              }
            }
          } finally {
            workersDone.countDown();
          }
        };
    int started = 0;
    for (int w = 0; w < workers; w++) {
      try {
        executor.execute(worker);
        started++;
      } catch (RejectedExecutionException e) {
        workersDone.countDown();
      }
    }
    if (started == 0) {
      worker.run(); // no thread to spare: send from the caller's, still bounded by the deadline
    }
    while (workersDone.getCount() > 0 && clock.nanoTime() < deadlineNanos.get()) {
      await(workersDone, Math.min(SLICE_NANOS, deadlineNanos.get() - clock.nanoTime()));
    }
    stopped.set(true);
    if (workersDone.getCount() > 0) {
      sink.cancelAll();
      await(workersDone, graceNanos);
    }
    List<Payload> undelivered = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (settled.get(i) == 0) {
        undelivered.add(fresh.get(i));
      }
    }
    int notTried = n - Math.min(n, nextFresh.get());
    if (notTried > 0) {
      note(failures, notTried + " new payloads not sent before the report deadline");
    }
    synchronized (failures) {
      return new Result(
          delivered.get(), rejected.get(), retried.get(), undelivered, List.copyOf(failures));
    }
  }

  /** Keeps the first few failure lines, then one line counting the rest. */
  private static void note(List<String> failures, String line) {
    synchronized (failures) {
      if (failures.size() < MAX_FAILURE_LINES) {
        failures.add(line);
      } else if (failures.size() == MAX_FAILURE_LINES) {
        failures.add("and more");
      }
    }
  }

  private static void await(CountDownLatch latch, long nanos) {
    try {
      latch.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
