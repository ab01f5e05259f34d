package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.KindResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.payload.PayloadReader;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one report to both targets at once within a deadline: spooled payloads first (oldest
 * first), then the new ones, to the webhook; the run's state to the Pushgateway. What is not
 * delivered by the deadline is spooled for the next report. Only budgets time and hands work to the
 * sinks (which own their retries) and the spool. Never throws; logs one summary line per report
 * (docs/reliability.md).
 *
 * <pre>{@code
 * Delivery delivery = new Delivery(targets, spool, executor, Duration.ofSeconds(30), clock);
 * ReportResult result = delivery.report(run, payloads);
 * }</pre>
 *
 * <p>The deadline is split in three: delivery, then a grace for cancelled requests to let go of
 * their threads, then the time to spool what is left (at least a tenth of the timeout up to 500 ms,
 * more when many payloads must be spooled, never more than half the timeout together).
 */
public final class Delivery {
  private static final Logger logger = LoggerFactory.getLogger(Delivery.class);
  private static final long MAX_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Where reports go.
   *
   * @param webhook null when the webhook is off
   * @param webhookConcurrency webhook requests in flight at once
   * @param pushgateway null when pushing is off
   */
  public record Targets(WebhookSink webhook, int webhookConcurrency, PushgatewaySink pushgateway) {}

  private final Targets targets;
  private final Spool spool;
  private final PushState pushState = new PushState();
  private final ExecutorService executor;
  private final Duration timeout;
  private final Clock clock;

  public Delivery(
      Targets targets, Spool spool, ExecutorService executor, Duration timeout, Clock clock) {
    this.targets = targets;
    this.spool = spool;
    this.executor = executor;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Counts a run under way, shown on the Pushgateway as {@code sync_runs{state="running"}}. */
  public void runStarted() {
    pushState.runStarted();
  }

  /** Delivers a finished run: the spooled backlog, its payloads, and its Pushgateway state. */
  public ReportResult report(RunSnapshot run, List<Payload> payloads) {
    pushState.runFinished(run);
    List<KindResult> kinds = new ArrayList<>(run.kinds().size() + 1);
    run.kinds().forEach(k -> kinds.add(k.toResult()));
    kinds.add(run.runtime().toResult());
    return deliver(
        run.eventId(), run.state(), kinds, payloads, List.of(new RunPush(run, payloads)), true);
  }

  /** A run to push, with its payloads: what the spool keeps when the push fails. */
  private record RunPush(RunSnapshot run, List<Payload> payloads) {}

  /** Delivers whatever is spooled (the {@code push --spool} command). */
  public ReportResult redeliverSpool() {
    List<RunPush> states = new ArrayList<>();
    if (targets.pushgateway() != null) {
      for (String group : spool.pushStateGroups()) {
        spool.pushState(group).ifPresent(p -> states.add(new RunPush(PayloadReader.run(p), p)));
      }
    }
    return deliver("spool", "redelivered", List.of(), List.of(), states, true);
  }

  /**
   * Delivers payloads read from files (the {@code push FILE} command): each as it is to the
   * webhook, and the run of each event, read back from its payloads, to the Pushgateway.
   */
  public ReportResult deliverPayloads(List<Payload> payloads) {
    Map<String, List<Payload>> byEvent = new LinkedHashMap<>();
    for (Payload p : payloads) {
      byEvent.computeIfAbsent(p.eventId(), e -> new ArrayList<>()).add(p);
    }
    List<RunPush> pushes = new ArrayList<>();
    for (List<Payload> event : byEvent.values()) {
      RunSnapshot run = PayloadReader.run(event);
      pushState.runFinished(run);
      pushes.add(new RunPush(run, event));
    }
    return deliver(
        payloads.isEmpty() ? "files" : payloads.get(0).eventId(),
        "pushed",
        List.of(),
        payloads,
        pushes,
        false);
  }

  private ReportResult deliver(
      String eventId,
      String state,
      List<KindResult> kinds,
      List<Payload> fresh,
      List<RunPush> pushes,
      boolean drainSpool) {
    long start = clock.nanoTime();
    long total = timeout.toNanos();
    long deadline = start + total;
    long grace = Math.min(total / 10, MAX_SLICE_NANOS);
    long spoolSlice =
        Math.max(
            Math.min(total / 10, MAX_SLICE_NANOS), spool.saveTime(fresh.size()).toNanos() * 3 / 2);
    long deliveryDeadline = deadline - Math.min(total / 2, grace + spoolSlice);
    List<TargetResult> results = new ArrayList<>();
    try {
      List<Future<PushgatewaySink.Outcome>> pushFutures = new ArrayList<>();
      if (targets.pushgateway() != null) {
        pushState.spoolWaiting(spool.size());
        for (RunPush p : pushes) {
          pushFutures.add(
              executor.submit(
                  () -> targets.pushgateway().push(p.run(), pushState, deliveryDeadline)));
        }
      }
      if (targets.webhook() != null) {
        results.add(sendWebhooks(fresh, drainSpool, deliveryDeadline, grace, deadline));
      }
      if (targets.pushgateway() != null) {
        results.add(awaitPushes(pushes, pushFutures, deliveryDeadline));
      }
    } catch (RuntimeException | Error e) {
      logger.warn("syncmetrics: report of run {} failed unexpectedly: {}", eventId, e.toString());
      results.add(
          new TargetResult(
              "report", 0, 0, 0, 0, List.of("unexpected " + e.getClass().getSimpleName())));
    }
    ReportResult result =
        new ReportResult(
            eventId, state, kinds, fresh, results, Duration.ofNanos(clock.nanoTime() - start));
    log(result);
    return result;
  }

  private TargetResult sendWebhooks(
      List<Payload> fresh, boolean drainSpool, long deliveryDeadline, long grace, long deadline) {
    try (Spool.Claim claim = drainSpool ? spool.claim() : Spool.Claim.NONE) {
      WebhookBatch batch =
          new WebhookBatch(targets.webhook(), executor, targets.webhookConcurrency(), clock);
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
        Duration within = Duration.ofNanos(Math.max(0, deadline - MARGIN_NANOS - clock.nanoTime()));
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

  private TargetResult awaitPushes(
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

  private static void log(ReportResult result) {
    if (result.allDelivered()) {
      logger.info("syncmetrics: {}", result);
    } else {
      logger.warn("syncmetrics: {}", result);
    }
  }
}
