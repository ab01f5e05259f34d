package dev.syncmetrics.internal.record;

import dev.syncmetrics.Clock;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncRun;
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
 * The {@link SyncRun} of an enabled reporter: records into one {@link KindState} per kind and tells
 * its {@link Listener} when it starts (a {@code syncing} snapshot), when a kind ends (that kind's
 * snapshot) and when it ends (the whole frozen run). Does no I/O itself.
 *
 * <pre>{@code
 * SyncRun run = new RecordingRun(identity, clock, heapProbe, delivery.newRun());
 * }</pre>
 */
public final class RecordingRun implements SyncRun {
  private static final Logger logger = LoggerFactory.getLogger(RecordingRun.class);

  /** Why a run closed without finish() is aborted. */
  static final String CLOSED = "the run was closed before finish()";

  /**
   * Told what the run does, on the recording thread. {@link #started} must only hand off; {@link
   * #kindEnded} hands off and may wait, briefly and boundedly, for the hand-off to be durable;
   * {@link #ended} reports and may take up to the report's timeout. None may throw, but a throw is
   * caught and reported. The run itself does no I/O.
   */
  public interface Listener {
    /** The run started; {@code syncing} has the run's identity and start time and no kinds. */
    void started(RunSnapshot syncing);

    /**
     * A kind was ended by {@link KindRecorder#end()}: write its payload against {@code syncing}.
     */
    void kindEnded(RunSnapshot syncing, KindSnapshot kind);

    /**
     * The run ended: {@code run} holds every kind; {@code endedNow} are those the run's end ended
     * (the others were handed to {@link #kindEnded} before).
     */
    ReportResult ended(RunSnapshot run, List<KindSnapshot> endedNow);
  }

  /** Who is reporting: {@code integration_type}, {@code integration_identifier}, version. */
  public record Identity(String type, String identifier, String version) {}

  private final Identity identity;
  private final Clock clock;
  private final LongSupplier heapProbe;
  private final Listener listener;
  private final String eventId = UUID.randomUUID().toString();
  private final long startNanos;
  private final RunSnapshot syncing;
  private final ConcurrentHashMap<String, KindState> kinds = new ConcurrentHashMap<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicBoolean finishing = new AtomicBoolean();
  private final CountDownLatch reported = new CountDownLatch(1);
  private volatile ReportResult result;

  public RecordingRun(Identity identity, Clock clock, LongSupplier heapProbe, Listener listener) {
    this.identity = identity;
    this.clock = clock;
    this.heapProbe = heapProbe;
    this.listener = listener;
    Instant startedAt = clock.now();
    this.startNanos = clock.nanoTime();
    this.syncing =
        new RunSnapshot(
            identity.type(),
            identity.identifier(),
            identity.version(),
            eventId,
            RunSnapshot.SYNCING,
            startedAt,
            startedAt,
            List.of(),
            RunTotals.of(List.of(), RunSnapshot.SYNCING, "run under way", 0, -1, startedAt));
    try {
      listener.started(syncing);
    } catch (RuntimeException e) {
      logger.warn("syncmetrics: could not announce run {}: {}", eventId, e.toString());
    }
  }

  @Override
  public String eventId() {
    return eventId;
  }

  /** The run as announced when it started: its identity, start time, state {@code syncing}. */
  public RunSnapshot syncing() {
    return syncing;
  }

  @Override
  public KindRecorder kind(String kind, int index) {
    if (kind == null || kind.isBlank() || index < 0 || Payload.RUNTIME.equals(kind)) {
      throw new IllegalArgumentException(
          "kind must be a non-blank name other than __runtime__ and index >= 0, got "
              + kind
              + " and "
              + index);
    }
    if (finishing.get()) {
      Misuse.once(
          logger,
          "kind("
              + kind
              + ", "
              + index
              + ") on run "
              + eventId
              + " after it ended: nothing recorded into it is reported");
      return NoopKind.INSTANCE;
    }
    return kinds.computeIfAbsent(
        Payload.kindIdentifier(kind, index),
        id -> new KindState(kind, index, clock, heapProbe, this::kindEnded));
  }

  private void kindEnded(KindSnapshot kind) {
    try {
      listener.kindEnded(syncing, kind);
    } catch (RuntimeException e) {
      logger.warn(
          "syncmetrics: could not hand over kind {} of run {}: {}",
          kind.kindIdentifier(),
          eventId,
          e.toString());
    }
  }

  @Override
  public void fail(String reason) {
    failure.compareAndSet(null, reason == null ? "failed" : reason);
  }

  @Override
  public void fail(Throwable error) {
    fail(error == null ? "failed" : error.toString());
  }

  @Override
  public ReportResult finish() {
    return end(null);
  }

  @Override
  public ReportResult abort(String reason) {
    return end(reason == null || reason.isBlank() ? "aborted" : reason);
  }

  @Override
  public ReportResult result() {
    return result;
  }

  /** True once the run has ended (or is ending). */
  public boolean ended() {
    return finishing.get();
  }

  @Override
  public void close() {
    end(CLOSED);
  }

  private ReportResult end(String abortReason) {
    if (!finishing.compareAndSet(false, true)) {
      try {
        reported.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result;
    }
    long began = clock.nanoTime();
    try {
      List<KindSnapshot> endedNow = new ArrayList<>();
      RunSnapshot run = freeze(abortReason, endedNow);
      result = listener.ended(run, endedNow);
    } catch (Throwable t) {
      logger.warn("syncmetrics: could not report run {}: {}", eventId, t.toString());
      result =
          new ReportResult(
              eventId,
              abortReason != null ? RunSnapshot.ABORTED : RunSnapshot.FAILED,
              List.of(),
              List.of(),
              List.of(new ReportResult.TargetResult("report", 0, 0, 0, 0, List.of(t.toString()))),
              Duration.ofNanos(clock.nanoTime() - began));
    } finally {
      reported.countDown();
    }
    return result;
  }

  /**
   * Freezes the run: ends every kind not ended yet (adding it to {@code endedNow}), orders the
   * kinds by index then name, and adds the {@code __runtime__} totals.
   */
  RunSnapshot freeze(String abortReason, List<KindSnapshot> endedNow) {
    long endNanos = clock.nanoTime();
    long heap = heapProbe.getAsLong();
    Instant at = clock.now();
    List<KindSnapshot> frozen = new ArrayList<>(kinds.size());
    for (KindState k : kinds.values()) {
      KindSnapshot now = k.endWithRun(endNanos, heap, at, abortReason);
      if (now != null) {
        endedNow.add(now);
        frozen.add(now);
      } else {
        frozen.add(k.ended());
        if (k.recordedAfterEnd()) {
          Misuse.once(
              logger,
              "kind "
                  + k.kindIdentifier()
                  + " recorded counts after end(): its payload went out at end() without them");
        }
      }
    }
    frozen.sort(Comparator.comparingInt(KindSnapshot::index).thenComparing(KindSnapshot::kind));
    endedNow.sort(Comparator.comparingInt(KindSnapshot::index).thenComparing(KindSnapshot::kind));
    String state;
    String why;
    if (abortReason != null) {
      state = RunSnapshot.ABORTED;
      why = "aborted: " + abortReason;
    } else if (failure.get() != null) {
      state = RunSnapshot.FAILED;
      why = failure.get();
    } else if (!frozen.stream().allMatch(KindSnapshot::success)) {
      state = RunSnapshot.FAILED;
      why = "a kind failed";
    } else {
      state = RunSnapshot.COMPLETED;
      why = null;
    }
    KindSnapshot runtime =
        RunTotals.of(frozen, state, why, Math.max(0, endNanos - startNanos) / 1e9, heap, at);
    return new RunSnapshot(
        identity.type(),
        identity.identifier(),
        identity.version(),
        eventId,
        state,
        syncing.startedAt(),
        at,
        frozen,
        runtime);
  }
}
