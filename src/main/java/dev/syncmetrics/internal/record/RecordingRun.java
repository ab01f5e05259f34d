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
 * The {@link SyncRun} of an enabled reporter: records into one {@link KindState} per kind and, when
 * the run ends, hands its frozen {@link RunSnapshot} to the reporter. Does no I/O itself.
 *
 * <pre>{@code
 * SyncRun run = new RecordingRun(identity, clock, heapProbe, snapshot -> delivery.report(snapshot));
 * }</pre>
 */
public final class RecordingRun implements SyncRun {
  private static final Logger logger = LoggerFactory.getLogger(RecordingRun.class);

  /** Reports a run that has ended; must not throw, but a throw is caught and reported. */
  @FunctionalInterface
  public interface Reporter {
    ReportResult report(RunSnapshot run);
  }

  /** Who is reporting: {@code integration_type}, {@code integration_identifier}, version. */
  public record Identity(String type, String identifier, String version) {}

  private final Identity identity;
  private final Clock clock;
  private final LongSupplier heapProbe;
  private final Reporter reporter;
  private final String eventId = UUID.randomUUID().toString();
  private final Instant startedAt;
  private final long startNanos;
  private final ConcurrentHashMap<String, KindState> kinds = new ConcurrentHashMap<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicBoolean finishing = new AtomicBoolean();
  private final CountDownLatch reported = new CountDownLatch(1);
  private volatile ReportResult result;

  public RecordingRun(Identity identity, Clock clock, LongSupplier heapProbe, Reporter reporter) {
    this.identity = identity;
    this.clock = clock;
    this.heapProbe = heapProbe;
    this.reporter = reporter;
    this.startedAt = clock.now();
    this.startNanos = clock.nanoTime();
  }

  @Override
  public String eventId() {
    return eventId;
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
    return kinds.computeIfAbsent(
        Payload.kindIdentifier(kind, index), id -> new KindState(kind, index, clock, heapProbe));
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
    return end(false);
  }

  @Override
  public ReportResult result() {
    return result;
  }

  @Override
  public void close() {
    end(true);
  }

  private ReportResult end(boolean aborted) {
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
        identity.type(),
        identity.identifier(),
        identity.version(),
        eventId,
        success ? RunSnapshot.COMPLETED : RunSnapshot.FAILED,
        startedAt,
        clock.now(),
        frozen,
        runtime);
  }
}
