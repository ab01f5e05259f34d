package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.spool.Journal;
import dev.syncmetrics.internal.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every delivery of one reporter shares: the targets, the spool, the Pushgateway state across
 * runs, the live pipeline, the time budget, and the lane that keeps Pushgateway pushes in order.
 * {@link Delivery} and each {@link RunDelivery} work through it.
 */
final class DeliveryContext implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(DeliveryContext.class);
  private static final long MAX_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** A run to push, with its payloads: what the spool keeps when the push fails. */
  record RunPush(RunSnapshot run, List<Payload> payloads) {}

  final Targets targets;
  final Spool spool;
  final PushState pushState = new PushState();
  final PayloadWriter writer;
  final ExecutorService executor;
  final Clock clock;

  /** Null when the webhook is off. */
  final LivePipeline pipeline;

  private volatile Duration timeout;
  private CompletableFuture<?> pushLane = CompletableFuture.completedFuture(null);

  DeliveryContext(
      Targets targets,
      Spool spool,
      PayloadWriter writer,
      ExecutorService executor,
      Duration timeout,
      Clock clock) {
    this.targets = targets;
    this.spool = spool;
    this.writer = writer;
    this.executor = executor;
    this.timeout = timeout;
    this.clock = clock;
    this.pipeline =
        targets.webhook() == null
            ? null
            : new LivePipeline(
                writer, spool::journal, targets.webhook(), targets.webhookConcurrency(), clock);
  }

  /** A report's whole budget: the configured timeout, less once the JVM is shutting down. */
  Duration timeout() {
    return timeout;
  }

  void shuttingDown(Duration budget) {
    if (budget.compareTo(timeout) < 0) {
      timeout = budget;
    }
  }

  /** A tenth of the timeout, at most 500 ms: for cancelled requests to let go of their threads. */
  static long graceNanos(Duration timeout) {
    return Math.min(timeout.toNanos() / 10, MAX_SLICE_NANOS);
  }

  /** How long a payload handed over now may take to be delivered before it is spooled. */
  long deliveryBudget() {
    Duration t = timeout;
    long total = t.toNanos();
    return total - Math.min(total / 2, 2 * graceNanos(t));
  }

  /** Runs Pushgateway pushes one after the other, in the order asked, on the executor. */
  synchronized <T> CompletableFuture<T> pushLane(Supplier<T> push) {
    CompletableFuture<T> next;
    try {
      next = pushLane.handle((v, e) -> null).thenApplyAsync(x -> push.get(), executor);
    } catch (RejectedExecutionException e) {
      next = CompletableFuture.failedFuture(e);
    }
    pushLane = next;
    return next;
  }

  /** A payload of the journal needs no more delivery. */
  void settle(Journal.Entry entry) {
    if (entry == null) {
      return;
    }
    try {
      spool.journal().settle(entry);
    } catch (IOException e) {
      logger.debug("syncmetrics: cannot settle a journal entry: {}", e.getMessage());
    }
  }

  /**
   * Waits for pushes until the deadline; a push that failed (or did not finish) keeps its run's
   * state in the spool, a push that succeeded forgets the state kept.
   */
  TargetResult awaitPushes(
      List<RunPush> pushes, List<Future<PushgatewaySink.Outcome>> futures, long deliveryDeadline) {
    PushgatewaySink pushgateway = targets.pushgateway();
    int delivered = 0;
    int retried = 0;
    int spooled = 0;
    int dropped = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      PushgatewaySink.Outcome o;
      try {
        o =
            futures
                .get(i)
                .get(Math.max(0, deliveryDeadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pushgateway.abort();
        futures.get(i).cancel(true);
        o =
            new PushgatewaySink.Outcome(
                0,
                "push to " + pushgateway.describe() + " did not finish before the report deadline");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        o = new PushgatewaySink.Outcome(0, "interrupted");
      } catch (ExecutionException e) {
        o = new PushgatewaySink.Outcome(0, String.valueOf(e.getCause()));
      }
      retried += o.retried();
      RunPush push = pushes.get(i);
      String group = pushgateway.group(push.run());
      if (o.error() == null) {
        delivered++;
        spool.clearPushState(group, push.run().reportedAt());
        continue;
      }
      failures.add(o.error());
      try {
        spool.savePushState(group, push.payloads());
        spooled++;
      } catch (IOException | RuntimeException e) {
        dropped++;
        failures.add("cannot keep the Pushgateway state: " + e.getMessage());
      }
    }
    return new TargetResult("pushgateway", delivered, retried, spooled, dropped, failures);
  }

  /** One line per report: INFO when everything was delivered, else WARNING. */
  static void log(ReportResult result) {
    if (result.allDelivered()) {
      logger.info("syncmetrics: {}", result);
    } else {
      logger.warn("syncmetrics: {}", result);
    }
  }

  /** Stops the live pipeline's threads. */
  @Override
  public void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }
}
