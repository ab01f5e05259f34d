package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.KindResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RecordingRun;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.spool.Journal;
import dev.syncmetrics.internal.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of one run, from its start to its report (docs/architecture.md, "One report, step by
 * step"):
 *
 * <ol>
 *   <li>start, in the background: the spooled backlog (oldest first), then the {@code syncing}
 *       announcement to the webhook; the run's start to the Pushgateway;
 *   <li>each kind as it ends: its payload written ahead and sent ({@link LivePipeline}), after the
 *       backlog;
 *   <li>end: the kinds not ended yet and the final {@code __runtime__} (after the announcement) the
 *       same way, the run's state to the Pushgateway, then a wait for what is still in flight,
 *       within the timeout; what is not delivered by then waits in the spool.
 * </ol>
 *
 * Only {@link #ended} waits, and never longer than the timeout; it never throws.
 */
final class RunDelivery implements RecordingRun.Listener, LivePipeline.Owner {
  private static final Logger logger = LoggerFactory.getLogger(RunDelivery.class);
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** The longest {@code end()} waits for its kind's payload to reach the disk. */
  static final long END_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final java.util.Comparator<LivePipeline.Item> PAYLOAD_ORDER =
      java.util.Comparator.<LivePipeline.Item>comparingInt(
              i -> i.kind == null || i.kind.isRuntime() ? Integer.MAX_VALUE : i.kind.index())
          .thenComparing(i -> i.kind == null ? "" : i.kind.kind());

  private final DeliveryContext delivery;
  private final Targets targets;
  private final Spool spool;
  private final PushState pushState;
  private final Clock clock;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final CompletableFuture<Void> announced = new CompletableFuture<>();
  private final CompletableFuture<Backlog> backlog = new CompletableFuture<>();
  private final Map<String, LivePipeline.Item> items = new ConcurrentHashMap<>();
  private final List<LivePipeline.Item> failedItems = new ArrayList<>();
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicInteger retried = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger unbuilt = new AtomicInteger();
  private final List<String> failures = new ArrayList<>();
  private int settled;
  private final java.util.concurrent.atomic.AtomicLong drainDeadline =
      new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
  private volatile boolean reported;
  private RunSnapshot syncing;

  /** What the start's backlog delivery did. */
  private record Backlog(int delivered, int rejected, int retried, int waiting, int corrupt) {}

  RunDelivery(DeliveryContext delivery) {
    this.delivery = delivery;
    this.targets = delivery.targets;
    this.spool = delivery.spool;
    this.pushState = delivery.pushState;
    this.clock = delivery.clock;
  }

  @Override
  public void started(RunSnapshot syncing) {
    this.syncing = syncing;
    pushState.runStarted();
    long deadline = clock.nanoTime() + delivery.deliveryBudget();
    if (targets.pushgateway() != null) {
      delivery
          .pushLane(() -> targets.pushgateway().pushStart(syncing, pushState, deadline))
          .thenAccept(
              o -> {
                if (o.error() != null) {
                  logger.info(
                      "syncmetrics: could not push the start of run {}: {}",
                      syncing.eventId(),
                      o.error());
                }
              });
    }
    if (targets.webhook() == null) {
      backlog.complete(null);
      opened.complete(null);
      announced.complete(null);
      return;
    }
    try {
      CompletableFuture.runAsync(() -> start(deadline), delivery.executor);
    } catch (RejectedExecutionException e) {
      backlog.complete(null);
      opened.complete(null);
      announced.complete(null);
    }
  }

  /**
   * The backlog, then the announcement. The run's kinds go once the backlog is done (older payloads
   * first), its final {@code __runtime__} once the announcement is settled (never before it). The
   * announcement gets a quarter of the budget: it is worth little once late.
   */
  private void start(long deadline) {
    try {
      backlog.complete(drainBacklog(deadline));
    } catch (RuntimeException e) {
      logger.warn("syncmetrics: delivering the spool failed unexpectedly: {}", e.toString());
      backlog.complete(null);
    } finally {
      opened.complete(null);
    }
    try {
      Payload announcement = delivery.writer.announcement(syncing);
      long now = clock.nanoTime();
      long announceBy = Math.min(deadline, now + Math.max(0, (deadline - now) / 4));
      WebhookSink.Outcome o = targets.webhook().send(announcement, announceBy);
      if (o.status() != WebhookSink.Status.DELIVERED) {
        logger.info(
            "syncmetrics: could not announce run {} as syncing to {}: {}",
            syncing.eventId(),
            targets.webhook().describe(),
            o.error());
      }
    } catch (RuntimeException e) {
      logger.info("syncmetrics: could not announce run {}: {}", syncing.eventId(), e.toString());
    } finally {
      announced.complete(null);
    }
  }

  private Backlog drainBacklog(long deadline) {
    try (Spool.Claim claim =
        spool.claim(Duration.ofNanos(Math.max(0, (deadline - clock.nanoTime()) / 2)))) {
      if (claim.size() == 0) {
        pushState.dropped(PushState.CORRUPT, claim.corrupt());
        return new Backlog(0, 0, 0, 0, claim.corrupt());
      }
      WebhookBatch batch =
          new WebhookBatch(
              targets.webhook(), delivery.executor, targets.webhookConcurrency(), clock);
      drainDeadline.accumulateAndGet(deadline, Math::min);
      WebhookBatch.Result sent =
          batch.send(
              claim, List.of(), drainDeadline, DeliveryContext.graceNanos(delivery.timeout()));
      sent.failures().forEach(this::note);
      pushState.rejected(sent.rejected());
      pushState.dropped(PushState.CORRUPT, claim.corrupt());
      if (claim.corrupt() > 0) {
        note(claim.corrupt() + " spool files were not whole payloads: moved to corrupt/");
      }
      return new Backlog(
          sent.delivered(), sent.rejected(), sent.retried(), claim.remaining(), claim.corrupt());
    }
  }

  /**
   * Hands the kind's payload over to be written ahead and sent, and returns once it is on disk
   * (kinds ending together share one forced write), or after {@link #END_WAIT_NANOS} at most: from
   * then on a kill of the process does not lose it. Sending happens in the background.
   */
  @Override
  public void kindEnded(RunSnapshot syncing, KindSnapshot kind) {
    if (targets.webhook() == null) {
      return;
    }
    LivePipeline.Item item =
        new LivePipeline.Item(this, syncing, kind, clock.nanoTime() + delivery.deliveryBudget());
    delivery.pipeline.write(List.of(item));
    if (!item.awaitWritten(END_WAIT_NANOS)) {
      logger.warn(
          "syncmetrics: kind {} of run {} is not on disk yet after {} ms: end() returns anyway;"
              + " a kill of the process before it is written loses it",
          kind.kindIdentifier(),
          syncing.eventId(),
          TimeUnit.NANOSECONDS.toMillis(END_WAIT_NANOS));
    }
  }

  @Override
  public void written(LivePipeline.Item item) {
    items.put(item.kindIdentifier(), item);
    synchronized (this) {
      notifyAll();
    }
    CompletableFuture<Void> gate = item.kind != null && item.kind.isRuntime() ? announced : opened;
    gate.thenRun(() -> delivery.pipeline.send(item));
  }

  @Override
  public void settled(LivePipeline.Item item, WebhookSink.Outcome o) {
    retried.addAndGet(Math.max(0, o.attempts() - 1));
    switch (o.status()) {
      case DELIVERED -> {
        delivered.incrementAndGet();
        delivery.settle(item.entry);
      }
      case REJECTED -> {
        rejected.incrementAndGet();
        pushState.rejected(1);
        delivery.settle(item.entry);
        note(item.kindIdentifier() + " rejected: " + o.error());
        logger.warn(
            "syncmetrics: webhook {} rejected payload {} for good: {}",
            targets.webhook().describe(),
            item.payload.idempotencyKey(),
            o.error());
      }
      case FAILED -> {
        note(item.kindIdentifier() + ": " + o.error());
        boolean late;
        synchronized (this) {
          late = reported;
          if (!late) {
            failedItems.add(item);
          }
        }
        if (late && !item.kept) {
          keepLate(item);
        }
      }
    }
    item.settled = true;
    synchronized (this) {
      settled++;
      notifyAll();
    }
  }

  @Override
  public void unbuildable(LivePipeline.Item item, String why) {
    unbuilt.incrementAndGet();
    note(item.kindIdentifier() + " dropped: " + why);
    items.put(item.kindIdentifier(), item); // counted as written, so nobody waits for it
    item.settled = true;
    synchronized (this) {
      settled++;
      notifyAll();
    }
  }

  /**
   * A payload that failed after its run's report gave up waiting: released in the journal (no
   * rewrite), for the next claim to bring into the spool.
   */
  private void keepLate(LivePipeline.Item item) {
    try {
      if (item.entry != null) {
        spool.journal().release(item.entry);
      } else {
        spool.save(List.of(item.payload), Duration.ofSeconds(1));
      }
    } catch (IOException | RuntimeException e) {
      logger.warn(
          "syncmetrics: payload {} stays in the journal until this process is gone: {}",
          item.payload.idempotencyKey(),
          e.getMessage());
    }
  }

  private void note(String line) {
    synchronized (failures) {
      if (failures.size() < 5) {
        failures.add(line);
      } else if (failures.size() == 5) {
        failures.add("and more");
      }
    }
  }

  @Override
  public ReportResult ended(RunSnapshot run, List<KindSnapshot> endedNow) {
    long start = clock.nanoTime();
    Duration timeout = delivery.timeout();
    long total = timeout.toNanos();
    long deadline = start + total;
    long grace = DeliveryContext.graceNanos(timeout);
    int expected = run.kinds().size() + 1;
    long spoolSlice = Math.max(grace, spool.saveTime(expected - settledCount()).toNanos() * 3 / 2);
    long deliveryDeadline = deadline - Math.min(total / 2, grace + spoolSlice);
    drainDeadline.accumulateAndGet(deliveryDeadline, Math::min); // the backlog ends by then too
    pushState.runFinished(run);
    pushState.spoolWaiting(spool.size());
    Future<PushgatewaySink.Outcome> push =
        targets.pushgateway() == null
            ? null
            : delivery.pushLane(() -> targets.pushgateway().push(run, pushState, deliveryDeadline));
    List<TargetResult> results = new ArrayList<>();
    List<Payload> payloads = List.of();
    try {
      if (targets.webhook() != null) {
        results.add(
            deliverRest(
                run,
                endedNow,
                expected,
                deliveryDeadline,
                grace,
                deliveryDeadline + grace,
                deadline));
      }
      payloads = payloads(run);
      if (push != null) {
        results.add(
            delivery.awaitPushes(
                List.of(new DeliveryContext.RunPush(run, payloads)),
                List.of(push),
                deliveryDeadline));
      }
    } catch (RuntimeException | Error e) {
      logger.warn(
          "syncmetrics: report of run {} failed unexpectedly: {}", run.eventId(), e.toString());
      results.add(
          new TargetResult(
              "report", 0, 0, 0, 0, List.of("unexpected " + e.getClass().getSimpleName())));
    }
    List<KindResult> kinds = new ArrayList<>(expected);
    run.kinds().forEach(k -> kinds.add(k.toResult()));
    kinds.add(run.runtime().toResult());
    ReportResult result =
        new ReportResult(
            run.eventId(),
            run.state(),
            kinds,
            payloads,
            results,
            Duration.ofNanos(clock.nanoTime() - start));
    DeliveryContext.log(result);
    return result;
  }

  private TargetResult deliverRest(
      RunSnapshot run,
      List<KindSnapshot> endedNow,
      int expected,
      long deliveryDeadline,
      long grace,
      long spoolingStarts,
      long deadline) {
    List<LivePipeline.Item> rest = new ArrayList<>(endedNow.size() + 1);
    for (KindSnapshot k : endedNow) {
      rest.add(new LivePipeline.Item(this, run, k, deliveryDeadline));
    }
    rest.add(new LivePipeline.Item(this, run, run.runtime(), deliveryDeadline));
    delivery.pipeline.write(rest);
    boolean all = awaitSettled(expected, deliveryDeadline);
    awaitWritten(expected, spoolingStarts);
    Backlog drained = awaitBacklog(spoolingStarts);
    if (!all) {
      delivery.pipeline.cancelInFlight();
      awaitSettled(expected, clock.nanoTime() + grace);
    }
    List<LivePipeline.Item> toKeep;
    synchronized (this) {
      reported = true; // from now on a late failure is kept at once
      toKeep = new ArrayList<>(failedItems);
      failedItems.clear();
    }
    int written = 0;
    for (LivePipeline.Item item : items.values()) {
      written++;
      if (!item.settled) {
        toKeep.add(item); // still in flight or waiting: it is in the journal, keep it in the spool
      }
    }
    toKeep.forEach(item -> item.kept = true);
    toKeep.sort(PAYLOAD_ORDER); // the spool delivers oldest first: kinds in order, __runtime__ last
    int unwritten = Math.max(0, expected - written);
    if (unwritten > 0) {
      note(
          unwritten
              + " payloads were still being written ahead to the spool at the report deadline:"
              + " they wait in its journal");
    }
    int savedNow = 0;
    int droppedOlder = 0;
    int dropped = rejected.get() + unbuilt.get();
    if (!toKeep.isEmpty()) {
      Duration within = Duration.ofNanos(Math.max(0, deadline - MARGIN_NANOS - clock.nanoTime()));
      try {
        Spool.SaveResult saved = keep(toKeep, within);
        savedNow = saved.saved();
        droppedOlder = saved.droppedWaiting();
        dropped += saved.lost();
        pushState.dropped(PushState.FULL, saved.droppedWaiting() + saved.droppedNew());
        pushState.dropped(PushState.UNWRITABLE, saved.unwritten());
        if (saved.lost() > 0) {
          note(
              "spool kept "
                  + saved.saved()
                  + " of "
                  + toKeep.size()
                  + " new payloads and dropped "
                  + saved.droppedWaiting()
                  + " older ones"
                  + (saved.problem() == null ? "" : ": " + saved.problem()));
        }
      } catch (IOException | RuntimeException e) {
        dropped += toKeep.size();
        pushState.dropped(PushState.UNWRITABLE, toKeep.size());
        note("cannot spool " + toKeep.size() + " payloads: " + e.getMessage());
        logger.warn(
            "syncmetrics: {} undelivered payloads are lost: cannot write the spool: {}",
            toKeep.size(),
            e.getMessage());
      }
    }
    if (drained == null) {
      // its batch ends within a grace after the delivery deadline, which a loaded machine can
      // overrun: count what the backlog left waiting rather than report only the new payloads
      drained = awaitBacklog(deadline - MARGIN_NANOS);
    }
    int waiting =
        Math.max(0, (drained == null ? 0 : drained.waiting()) + unwritten - droppedOlder)
            + savedNow;
    dropped += drained == null ? 0 : drained.rejected() + drained.corrupt();
    int sent = delivered.get() + (drained == null ? 0 : drained.delivered());
    int tries = retried.get() + (drained == null ? 0 : drained.retried());
    synchronized (failures) {
      return new TargetResult("webhook", sent, tries, waiting, dropped, List.copyOf(failures));
    }
  }

  /** Keeps items in the spool: from the journal when they are in it, else written now. */
  private Spool.SaveResult keep(List<LivePipeline.Item> toKeep, Duration within)
      throws IOException {
    List<Journal.Entry> entries = new ArrayList<>();
    List<Payload> loose = new ArrayList<>();
    for (LivePipeline.Item item : toKeep) {
      if (item.entry != null) {
        entries.add(item.entry);
      } else {
        loose.add(item.payload);
      }
    }
    Spool.SaveResult a = spool.keep(entries, within);
    if (loose.isEmpty()) {
      return a;
    }
    Spool.SaveResult b = spool.save(loose, within);
    return new Spool.SaveResult(
        a.saved() + b.saved(),
        a.droppedWaiting() + b.droppedWaiting(),
        a.droppedNew() + b.droppedNew(),
        a.unwritten() + b.unwritten(),
        a.problem() != null ? a.problem() : b.problem());
  }

  private synchronized int settledCount() {
    return settled;
  }

  /** Waits until {@code expected} payloads of this run have settled, or the deadline. */
  private synchronized boolean awaitSettled(int expected, long deadlineNanos) {
    while (settled < expected) {
      long left = deadlineNanos - clock.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Waits until {@code expected} payloads of this run are written ahead, or the deadline. */
  private synchronized void awaitWritten(int expected, long deadlineNanos) {
    while (items.size() < expected) {
      long left = deadlineNanos - clock.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Backlog awaitBacklog(long deadlineNanos) {
    try {
      return backlog.get(Math.max(0, deadlineNanos - clock.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Every payload of the run, as sent: kinds in order, then {@code __runtime__}. */
  private List<Payload> payloads(RunSnapshot run) {
    List<Payload> out = new ArrayList<>(run.kinds().size() + 1);
    for (KindSnapshot k : run.kinds()) {
      out.add(payload(run, k));
    }
    out.add(payload(run, run.runtime()));
    return out;
  }

  private Payload payload(RunSnapshot run, KindSnapshot k) {
    LivePipeline.Item item = items.get(k.kindIdentifier());
    if (item != null && item.payload != null) {
      return item.payload;
    }
    return new Payload(run.eventId(), k.kindIdentifier(), delivery.writer.write(run, k));
  }
}
