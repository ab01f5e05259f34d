package dev.syncmetrics;

import dev.syncmetrics.payload.RunTotals;
import dev.syncmetrics.record.KindSnapshot;
import dev.syncmetrics.record.KindState;
import dev.syncmetrics.record.NoopKind;
import dev.syncmetrics.record.RunSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of an integration. Record into its kinds from any number of threads; {@link #finish()}
 * ends it and reports it. Closing a run that was not finished reports it as failed (aborted), so a
 * run always ends in exactly one terminal state whatever throws.
 *
 * <pre>{@code
 * try (SyncRun run = reporter.startRun()) {
 *   for (int i = 0; i < kinds.size(); i++) {
 *     KindRecorder kind = run.kind(kinds.get(i).name(), i);
 *     try { syncKind(kind); } catch (Exception e) { kind.fail(e); }
 *   }
 *   run.finish();   // state completed when every kind succeeded, else failed
 * }                 // close() without finish(): state failed
 * }</pre>
 */
public final class SyncRun implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(SyncRun.class);
  private static final SyncRun DISABLED = new SyncRun(null, Clock.SYSTEM, () -> -1);

  private final SyncReporter reporter;
  private final Clock clock;
  private final LongSupplier heapProbe;
  private final String eventId = UUID.randomUUID().toString();
  private final Instant startedAt;
  private final long startNanos;
  private final ConcurrentHashMap<String, KindState> kinds = new ConcurrentHashMap<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicBoolean finishing = new AtomicBoolean();
  private final CountDownLatch reported = new CountDownLatch(1);
  private volatile ReportResult result;

  SyncRun(SyncReporter reporter, Clock clock, LongSupplier heapProbe) {
    this.reporter = reporter;
    this.clock = clock;
    this.heapProbe = heapProbe;
    this.startedAt = clock.now();
    this.startNanos = clock.nanoTime();
  }

  static SyncRun disabled() {
    return DISABLED;
  }

  /** The run's UUID, sent as {@code event_id} in every payload. */
  public String eventId() {
    return reporter == null ? "" : eventId;
  }

  /**
   * The recorder of one kind, created on first use. The same kind may appear several times in an
   * integration's configuration: {@code index} tells them apart ({@code kind_identifier} is {@code
   * <kind>-<index>}). Hold on to the recorder: looking it up costs a map lookup.
   */
  public KindRecorder kind(String kind, int index) {
    if (reporter == null) {
      return NoopKind.INSTANCE;
    }
    if (kind == null || kind.isBlank() || index < 0 || KindSnapshot.RUNTIME.equals(kind)) {
      throw new IllegalArgumentException(
          "kind must be a non-blank name other than __runtime__ and index >= 0, got "
              + kind
              + " and "
              + index);
    }
    return kinds.computeIfAbsent(
        kind + "-" + index, id -> new KindState(kind, index, clock, heapProbe));
  }

  /** Marks the whole run failed (every kind may still have succeeded); the first reason is kept. */
  public void fail(String reason) {
    failure.compareAndSet(null, reason == null ? "failed" : reason);
  }

  /** Marks the whole run failed because of {@code error}. */
  public void fail(Throwable error) {
    fail(error == null ? "failed" : error.toString());
  }

  /**
   * Ends the run and reports it: builds the payloads and delivers them within the configured
   * timeout. Returns what went where; never throws. Calling it again returns the same result.
   */
  public ReportResult finish() {
    return end(false);
  }

  /** The report's result, or null while the run has not ended. */
  public ReportResult result() {
    return reporter == null ? ReportResult.disabled() : result;
  }

  /** Ends the run if {@link #finish()} was not called, reporting it failed (aborted). */
  @Override
  public void close() {
    end(true);
  }

  private ReportResult end(boolean aborted) {
    if (reporter == null) {
      return ReportResult.disabled();
    }
    if (!finishing.compareAndSet(false, true)) {
      try {
        reported.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result;
    }
    if (aborted) {
      fail("aborted: the run was closed before finish()");
    }
    long began = clock.nanoTime();
    try {
      result = reporter.report(snapshot());
    } catch (Throwable t) {
      logger.warn("syncmetrics: could not report run {}: {}", eventId, t.toString());
      result =
          new ReportResult(
              eventId,
              RunSnapshot.FAILED,
              List.of(),
              List.of(new ReportResult.TargetResult("report", 0, 0, 0, 0, List.of(t.toString()))),
              Duration.ofNanos(clock.nanoTime() - began));
    } finally {
      reported.countDown();
    }
    return result;
  }

  /**
   * Freezes the run: every kind, ordered by index then name, and the {@code __runtime__} totals.
   */
  RunSnapshot snapshot() {
    long endNanos = clock.nanoTime();
    long heap = heapProbe.getAsLong();
    List<KindSnapshot> frozen = new ArrayList<>(kinds.size());
    for (KindState k : kinds.values()) {
      frozen.add(k.snapshot(endNanos, heap));
    }
    frozen.sort(Comparator.comparingInt(KindSnapshot::index).thenComparing(KindSnapshot::kind));
    boolean success = failure.get() == null && frozen.stream().allMatch(KindSnapshot::success);
    KindSnapshot runtime =
        RunTotals.of(frozen, success, Math.max(0, endNanos - startNanos) / 1e9, heap);
    return new RunSnapshot(
        reporter.integrationType(),
        reporter.integrationIdentifier(),
        reporter.integrationVersion(),
        eventId,
        success ? RunSnapshot.COMPLETED : RunSnapshot.FAILED,
        startedAt,
        clock.now(),
        frozen,
        runtime);
  }
}
