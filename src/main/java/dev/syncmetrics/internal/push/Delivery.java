package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.KindResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.payload.PayloadReader;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.record.RecordingRun;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers runs to both targets within deadlines, and only budgets time and hands work out: to the
 * sinks (which own their retries), the live pipeline (write-ahead, then send) and the spool. Each
 * run gets a {@link RunDelivery} ({@link #newRun()}) that sends its start, each kind as it ends,
 * and its end. Never throws; logs one summary line per report (docs/reliability.md).
 *
 * <pre>{@code
 * Delivery delivery = new Delivery(targets, spool, writer, executor, Duration.ofSeconds(30), clock);
 * SyncRun run = new RecordingRun(identity, clock, heapProbe, delivery.newRun());
 * ReportResult pushed = delivery.deliverPayloads(payloadsFromFiles);
 * }</pre>
 *
 * <p>A report's deadline is split in three: delivery, then a grace for cancelled requests to let go
 * of their threads, then the time to spool what is left (at least a tenth of the timeout up to 500
 * ms, more when many payloads must be spooled, never more than half the timeout together).
 */
public final class Delivery implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Delivery.class);
  private static final long MAX_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final DeliveryContext context;
  private final Targets targets;
  private final Spool spool;
  private final PushState pushState;
  private final ExecutorService executor;
  private final Clock clock;

  public Delivery(
      Targets targets,
      Spool spool,
      PayloadWriter writer,
      ExecutorService executor,
      Duration timeout,
      Clock clock) {
    this.context = new DeliveryContext(targets, spool, writer, executor, timeout, clock);
    this.targets = targets;
    this.spool = spool;
    this.pushState = context.pushState;
    this.executor = executor;
    this.clock = clock;
  }

  /** The delivery of a run about to start: hand it to the run as its listener. */
  public RecordingRun.Listener newRun() {
    return new RunDelivery(context);
  }

  /**
   * From now on every report (and kind) gets at most {@code budget}: the JVM is shutting down and
   * will not wait for longer.
   */
  public void shuttingDown(Duration budget) {
    context.shuttingDown(budget);
  }

  /** Stops the live pipeline's threads. */
  @Override
  public void close() {
    context.close();
  }

  /** Delivers whatever is spooled (the {@code push --spool} command). */
  public ReportResult redeliverSpool() {
    List<DeliveryContext.RunPush> states = new ArrayList<>();
    if (targets.pushgateway() != null) {
      for (String group : spool.pushStateGroups()) {
        spool
            .pushState(group)
            .ifPresent(p -> states.add(new DeliveryContext.RunPush(PayloadReader.run(p), p)));
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
    List<DeliveryContext.RunPush> pushes = new ArrayList<>();
    for (List<Payload> event : byEvent.values()) {
      RunSnapshot run = PayloadReader.run(event);
      pushState.runFinished(run);
      pushes.add(new DeliveryContext.RunPush(run, event));
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
      List<DeliveryContext.RunPush> pushes,
      boolean drainSpool) {
    long start = clock.nanoTime();
    long total = context.timeout().toNanos();
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
        for (DeliveryContext.RunPush p : pushes) {
          pushFutures.add(
              executor.submit(
                  () -> targets.pushgateway().push(p.run(), pushState, deliveryDeadline)));
        }
      }
      if (targets.webhook() != null) {
        results.add(sendWebhooks(fresh, drainSpool, deliveryDeadline, grace, deadline));
      }
      if (targets.pushgateway() != null) {
        results.add(context.awaitPushes(pushes, pushFutures, deliveryDeadline));
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
    DeliveryContext.log(result);
    return result;
  }

  private TargetResult sendWebhooks(
      List<Payload> fresh, boolean drainSpool, long deliveryDeadline, long grace, long deadline) {
    try (Spool.Claim claim =
        drainSpool
            ? spool.claim(Duration.ofNanos(Math.max(0, (deliveryDeadline - clock.nanoTime()) / 2)))
            : Spool.Claim.NONE) {
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
}
