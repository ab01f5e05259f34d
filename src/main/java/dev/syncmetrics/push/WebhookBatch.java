package dev.syncmetrics.push;

import dev.syncmetrics.Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/** Sends a list of payloads with at most {@code concurrency} requests in flight, until a deadline. */
final class WebhookBatch {
  private final WebhookSink sink;
  private final ExecutorService executor;
  private final int concurrency;
  private final LongSupplier nanoTime;
  private final AtomicInteger retried = new AtomicInteger();

  WebhookBatch(WebhookSink sink, ExecutorService executor, int concurrency, LongSupplier nanoTime) {
    this.sink = sink;
    this.executor = executor;
    this.concurrency = concurrency;
    this.nanoTime = nanoTime;
  }

  /**
   * Returns one outcome per payload, in order; null where the payload was not sent (or its request
   * was cut) by the deadline. After the deadline, requests in flight are cancelled and their
   * threads get up to {@code graceNanos} to finish.
   */
  List<WebhookSink.Outcome> send(List<Payload> payloads, long deadline, long graceNanos) {
    int n = payloads.size();
    AtomicReferenceArray<WebhookSink.Outcome> outcomes = new AtomicReferenceArray<>(n);
    if (n == 0) {
      return List.of();
    }
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < n; i++) {
      queue.add(i);
    }
    AtomicBoolean stopped = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(n);
    int workers = Math.min(concurrency, n);
    CountDownLatch workersDone = new CountDownLatch(workers);
    for (int w = 0; w < workers; w++) {
      Runnable worker = () -> {
        try {
          Integer i;
          while (!stopped.get() && (i = queue.poll()) != null) {
            WebhookSink.Outcome o = sink.send(payloads.get(i), deadline);
            outcomes.set(i, o);
            retried.addAndGet(Math.max(0, o.attempts() - 1));
            done.countDown();
          }
        } finally {
          workersDone.countDown();
        }
      };
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        workersDone.countDown();
      }
    }
    await(done, deadline - nanoTime.getAsLong());
    stopped.set(true);
    if (done.getCount() > 0) {
      sink.cancelAll();
      await(workersDone, graceNanos);
    }
    WebhookSink.Outcome[] result = new WebhookSink.Outcome[n];
    for (int i = 0; i < n; i++) {
      result[i] = outcomes.get(i);
    }
    return new ArrayList<>(Arrays.asList(result));
  }

  int retried() {
    return retried.get();
  }

  private static void await(CountDownLatch latch, long nanos) {
    try {
      latch.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
