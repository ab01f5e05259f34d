package dev.syncmetrics.push;

import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.payload.PayloadReader;
import dev.syncmetrics.record.RunSnapshot;
import dev.syncmetrics.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one report to both targets at once within a deadline: spooled payloads first (oldest
 * first), then the new ones, to the webhook; the run's state to the Pushgateway. What is not
 * delivered by the deadline is spooled for the next report. Never throws; logs one summary line per
 * report (docs/reliability.md).
 *
 * <p>The deadline is split in three: delivery, then a grace for cancelled requests to let go of
 * their threads, then the time to spool what is left (at least a tenth of the timeout up to 500 ms,
 * more when many payloads must be spooled, never more than half the timeout together).
 */
public final class Delivery {
  private static final Logger logger = LoggerFactory.getLogger(Delivery.class);
  private static final long MAX_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final WebhookSink webhook;
  private final PushgatewaySink pushgateway;
  private final String job;
  private final Spool spool;
  private final PushState pushState;
  private final ExecutorService executor;
  private final int concurrency;
  private final Duration timeout;
  private final LongSupplier nanoTime;

  /**
   * @param webhook null when the webhook is off
   * @param pushgateway null when pushing is off
   */
  public Delivery(
      WebhookSink webhook,
      PushgatewaySink pushgateway,
      String job,
      Spool spool,
      PushState pushState,
      ExecutorService executor,
      int concurrency,
      Duration timeout,
      LongSupplier nanoTime) {
    this.webhook = webhook;
    this.pushgateway = pushgateway;
    this.job = job;
    this.spool = spool;
    this.pushState = pushState;
    this.executor = executor;
    this.concurrency = concurrency;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
  }

  public PushState pushState() {
    return pushState;
  }

  /** Delivers a finished run: the spooled backlog, its payloads, and its Pushgateway state. */
  public ReportResult report(RunSnapshot run, List<Payload> payloads) {
    pushState.runFinished(run);
    return deliver(run.eventId(), run.state(), payloads, List.of(new RunPush(run, payloads)), true);
  }

  /** A run to push, with its payloads: what the spool keeps when the push fails. */
  private record RunPush(RunSnapshot run, List<Payload> payloads) {}

  /** Delivers whatever is spooled (the {@code push --spool} command). */
  public ReportResult redeliverSpool() {
    List<RunPush> states = new ArrayList<>();
    if (pushgateway != null) {
      for (String group : spool.pushStateGroups()) {
        spool.pushState(group).ifPresent(p -> states.add(new RunPush(PayloadReader.run(p), p)));
      }
    }
    return deliver("spool", "redelivered", List.of(), states, true);
  }

  /** Delivers given payloads and pushes given runs (the {@code push FILE} command). */
  public ReportResult deliverPayloads(List<Payload> payloads, List<RunSnapshot> runs) {
    List<RunPush> pushes = new ArrayList<>();
    for (RunSnapshot run : runs) {
      pushState.runFinished(run);
      pushes.add(
          new RunPush(
              run, payloads.stream().filter(p -> p.eventId().equals(run.eventId())).toList()));
    }
    return deliver(
        payloads.isEmpty() ? "files" : payloads.get(0).eventId(),
        "pushed",
        payloads,
        pushes,
        false);
  }

  private ReportResult deliver(
      String eventId, String state, List<Payload> fresh, List<RunPush> pushes, boolean drainSpool) {
    long start = nanoTime.getAsLong();
    long total = timeout.toNanos();
    long deadline = start + total;
    long grace = Math.min(total / 10, MAX_SLICE_NANOS);
    long spoolSlice =
        Math.max(
            Math.min(total / 10, MAX_SLICE_NANOS), spool.saveTime(fresh.size()).toNanos() * 3 / 2);
    long deliveryDeadline = deadline - Math.min(total / 2, grace + spoolSlice);
    List<TargetResult> targets = new ArrayList<>();
    try {
      List<Future<PushOutcome>> pushFutures = new ArrayList<>();
      if (pushgateway != null) {
        pushState.spoolWaiting(spool.size());
        for (RunPush p : pushes) {
          pushFutures.add(executor.submit(() -> push(p.run(), deliveryDeadline)));
        }
      }
      if (webhook != null) {
        targets.add(sendWebhooks(fresh, drainSpool, deliveryDeadline, grace, deadline));
      }
      if (pushgateway != null) {
        targets.add(awaitPushes(pushes, pushFutures, deliveryDeadline));
      }
    } catch (RuntimeException | Error e) {
      logger.warn("syncmetrics: report of run {} failed unexpectedly: {}", eventId, e.toString());
      targets.add(
          new TargetResult(
              "report", 0, 0, 0, 0, List.of("unexpected " + e.getClass().getSimpleName())));
    }
    ReportResult result =
        new ReportResult(
            eventId, state, fresh, targets, Duration.ofNanos(nanoTime.getAsLong() - start));
    log(result);
    return result;
  }

  private TargetResult sendWebhooks(
      List<Payload> fresh, boolean drainSpool, long deliveryDeadline, long grace, long deadline) {
    try (Spool.Claim claim = drainSpool ? spool.claim() : Spool.Claim.NONE) {
      WebhookBatch batch = new WebhookBatch(webhook, executor, concurrency, nanoTime);
      WebhookBatch.Result sent = batch.send(claim, fresh, deliveryDeadline, grace);
      List<String> failures = new ArrayList<>(sent.failures());
      int waiting = claim.remaining();
      int dropped = sent.rejected() + claim.corrupt();
      pushState.rejected(sent.rejected());
      pushState.dropped(PushState.CORRUPT, claim.corrupt());
      if (claim.corrupt() > 0) {
        failures.add(claim.corrupt() + " spool files were not whole payloads: moved to corrupt/");
      }
      List<Payload> toSpool = sent.undelivered();
      if (!toSpool.isEmpty()) {
        Duration within =
            Duration.ofNanos(Math.max(0, deadline - MARGIN_NANOS - nanoTime.getAsLong()));
        try {
          Spool.SaveResult saved = spool.save(toSpool, within);
          waiting = Math.max(0, waiting - saved.droppedWaiting()) + saved.saved();
          dropped += saved.lost();
          pushState.dropped(PushState.FULL, saved.droppedWaiting() + saved.droppedNew());
          pushState.dropped(PushState.UNWRITABLE, saved.unwritten());
          if (saved.lost() > 0) {
            failures.add(
                "spool kept "
                    + saved.saved()
                    + " of "
                    + toSpool.size()
                    + " new payloads and dropped "
                    + saved.droppedWaiting()
                    + " older ones"
                    + (saved.problem() == null ? "" : ": " + saved.problem()));
          }
          if (saved.unwritten() > 0) {
            logger.warn(
                "syncmetrics: {} undelivered payloads are lost: {}",
                saved.unwritten(),
                saved.problem());
          }
        } catch (IOException | RuntimeException e) {
          dropped += toSpool.size();
          pushState.dropped(PushState.UNWRITABLE, toSpool.size());
          failures.add("cannot spool " + toSpool.size() + " payloads: " + e.getMessage());
          logger.warn(
              "syncmetrics: {} undelivered payloads are lost: cannot write the spool: {}",
              toSpool.size(),
              e.getMessage());
        }
      }
      return new TargetResult(
          "webhook", sent.delivered(), sent.retried(), waiting, dropped, failures);
    }
  }

  /**
   * @param retried extra attempts made; @param error why it failed, or null when pushed
   */
  private record PushOutcome(int retried, String error) {}

  private PushOutcome push(RunSnapshot run, long deliveryDeadline) {
    if (!pushState.seeded()) {
      try {
        pushState.seed(
            pushgateway.readLastSuccess(
                run.integrationType(),
                run.integrationIdentifier(),
                Math.max(1, millisUntil(deliveryDeadline) / 4)));
      } catch (IOException e) {
        logger.debug("syncmetrics: could not read earlier last-success times: {}", e.getMessage());
      }
    }
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        pushgateway.push(run, pushState, Math.max(1, millisUntil(deliveryDeadline)));
        spool.clearPushState(group(run), run.reportedAt());
        return new PushOutcome(attempt - 1, null);
      } catch (IOException | RuntimeException e) {
        long wait = WebhookSink.backoffMillis(attempt);
        if (attempt >= PushgatewaySink.MAX_ATTEMPTS
            || !PushgatewaySink.retryable(e)
            || wait >= millisUntil(deliveryDeadline)
            || Thread.currentThread().isInterrupted()) {
          return new PushOutcome(attempt - 1, e.getMessage());
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          return new PushOutcome(attempt - 1, e.getMessage());
        }
      }
    }
  }

  private int millisUntil(long at) {
    return (int)
        Math.max(
            0,
            Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(at - nanoTime.getAsLong())));
  }

  private TargetResult awaitPushes(
      List<RunPush> pushes, List<Future<PushOutcome>> futures, long deliveryDeadline) {
    int delivered = 0;
    int retried = 0;
    int spooled = 0;
    int dropped = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      PushOutcome o;
      try {
        o =
            futures
                .get(i)
                .get(Math.max(0, deliveryDeadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pushgateway.abort();
        futures.get(i).cancel(true);
        o =
            new PushOutcome(
                0,
                "push to " + pushgateway.describe() + " did not finish before the report deadline");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        o = new PushOutcome(0, "interrupted");
      } catch (ExecutionException e) {
        o = new PushOutcome(0, String.valueOf(e.getCause()));
      }
      retried += o.retried();
      if (o.error() == null) {
        delivered++;
        continue;
      }
      failures.add(o.error());
      RunPush push = pushes.get(i);
      try {
        spool.savePushState(group(push.run()), push.payloads());
        spooled++;
      } catch (IOException | RuntimeException e) {
        dropped++;
        failures.add("cannot keep the Pushgateway state: " + e.getMessage());
      }
    }
    return new TargetResult("pushgateway", delivered, retried, spooled, dropped, failures);
  }

  private String group(RunSnapshot run) {
    return job + "/" + run.integrationType() + "/" + run.integrationIdentifier();
  }

  private static void log(ReportResult result) {
    if (result.allDelivered()) {
      logger.info("syncmetrics: {}", result);
    } else {
      logger.warn("syncmetrics: {}", result);
    }
  }

  /** For tests and diagnostics. */
  Optional<WebhookSink> webhook() {
    return Optional.ofNullable(webhook);
  }
}
