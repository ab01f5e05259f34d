package dev.syncmetrics.internal.record;

import dev.syncmetrics.Clock;
import dev.syncmetrics.CustomMetric;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live counters of one kind: one {@link LongAdder} per count, so recording never locks. Ending
 * it ({@link #end()}, or with the run) freezes it once into a {@link KindSnapshot}; an explicit end
 * hands that snapshot to the run's {@link EndListener}.
 */
public final class KindState implements KindRecorder {
  private static final Logger logger = LoggerFactory.getLogger(KindState.class);
  private static final Phase[] PHASES = Phase.values();

  private final String kind;
  private final int index;
  private final String kindIdentifier;
  private final Clock clock;
  private final LongSupplier heapProbe;
  private final long createdNanos;
  private final EndListener onEnd;

  /**
   * Told when the kind is ended by {@link #end()}, on the caller's thread and under the kind's
   * lock: it must only hand the snapshot off (no I/O, no waiting).
   */
  @FunctionalInterface
  public interface EndListener {
    void ended(KindSnapshot kind);
  }

  /** The frozen kind once it ended; written under this object's lock. */
  private volatile KindSnapshot ended;

  /** One adder per count type of each phase, as {@link Phase#countTypes()} lists them. */
  private final LongAdder[][] counts = new LongAdder[PHASES.length][];

  {
    for (Phase p : PHASES) {
      counts[p.ordinal()] = new LongAdder[p.countTypes().size()];
      Arrays.setAll(counts[p.ordinal()], i -> new LongAdder());
    }
  }

  private final LongAdder rawExtracted = counter(Phase.EXTRACT, "raw_extracted");
  private final LongAdder transformed = counter(Phase.TRANSFORM, "transformed");
  private final LongAdder filteredOut = counter(Phase.TRANSFORM, "filtered_out");
  private final LongAdder transformFailed = counter(Phase.TRANSFORM, "failed");
  private final LongAdder loaded = counter(Phase.LOAD, "loaded");
  private final LongAdder loadFailed = counter(Phase.LOAD, "failed");
  private final LongAdder skipped = counter(Phase.LOAD, "skipped");
  private final LongAdder deleted = counter(Phase.DELETE, "deleted");
  private final LongAdder[] phaseNanos = new LongAdder[PHASES.length];
  private final AtomicLongArray memory = new AtomicLongArray(PHASES.length);
  private final AtomicLong lastTimerEnd = new AtomicLong(Long.MIN_VALUE);
  private volatile long completedNanos = Long.MIN_VALUE;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Map<CustomKey, DoubleAdder> custom = new ConcurrentHashMap<>();

  public KindState(String kind, int index, Clock clock, LongSupplier heapProbe) {
    this(kind, index, clock, heapProbe, null);
  }

  /**
   * @param onEnd told when {@link #end()} ends the kind, or null
   */
  public KindState(String kind, int index, Clock clock, LongSupplier heapProbe, EndListener onEnd) {
    this.onEnd = onEnd;
    this.kind = kind;
    this.index = index;
    this.kindIdentifier = Payload.kindIdentifier(kind, index);
    this.clock = clock;
    this.heapProbe = heapProbe;
    this.createdNanos = clock.nanoTime();
    for (int i = 0; i < phaseNanos.length; i++) {
      phaseNanos[i] = new LongAdder();
      memory.set(i, -1);
    }
  }

  /** The adder of one count type, in the table the snapshot reads. */
  private LongAdder counter(Phase phase, String type) {
    int i = phase.countTypes().indexOf(type);
    if (i < 0) {
      throw new IllegalStateException("phase " + phase.label() + " has no count type " + type);
    }
    return counts[phase.ordinal()][i];
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public String kindIdentifier() {
    return kindIdentifier;
  }

  @Override
  public void extracted(long count) {
    add(rawExtracted, count, "extracted");
  }

  @Override
  public void extracted() {
    rawExtracted.increment();
  }

  @Override
  public void transformed(long count) {
    add(transformed, count, "transformed");
  }

  @Override
  public void transformed() {
    transformed.increment();
  }

  @Override
  public void filteredOut(long count) {
    add(filteredOut, count, "filteredOut");
  }

  @Override
  public void transformFailed(long count) {
    add(transformFailed, count, "transformFailed");
  }

  @Override
  public void loaded(long count) {
    add(loaded, count, "loaded");
  }

  @Override
  public void loaded() {
    loaded.increment();
  }

  @Override
  public void loadFailed(long count) {
    add(loadFailed, count, "loadFailed");
  }

  @Override
  public void skipped(long count) {
    add(skipped, count, "skipped");
  }

  @Override
  public void deleted(long count) {
    add(deleted, count, "deleted");
  }

  private void add(LongAdder adder, long count, String what) {
    if (count >= 0) {
      adder.add(count);
    } else {
      Misuse.once(
          logger,
          "negative count "
              + count
              + " passed to "
              + what
              + "() of kind "
              + kindIdentifier
              + " was ignored");
    }
  }

  @Override
  public PhaseTimer time(Phase phase) {
    if (phase == null) {
      Misuse.once(logger, "time(null) on kind " + kindIdentifier + " was ignored");
      return () -> {};
    }
    return new Timer(phase, clock.nanoTime());
  }

  /** Adds an externally measured duration to a phase (for durations not timed by a PhaseTimer). */
  public void addDuration(Phase phase, long nanos) {
    phaseNanos[phase.ordinal()].add(nanos);
  }

  private final class Timer implements PhaseTimer {
    private final Phase phase;
    private final long start;
    private boolean closed;

    Timer(Phase phase, long start) {
      this.phase = phase;
      this.start = start;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      long end = clock.nanoTime();
      phaseNanos[phase.ordinal()].add(Math.max(0, end - start));
      lastTimerEnd.accumulateAndGet(end, Math::max);
      memory.set(phase.ordinal(), heapProbe.getAsLong());
    }
  }

  @Override
  public void set(CustomMetric metric, Phase phase, double value, String... labelValues) {
    DoubleAdder adder = customAdder(metric, phase, labelValues);
    if (adder != null) {
      synchronized (adder) {
        adder.reset();
        adder.add(value);
      }
    }
  }

  @Override
  public void add(CustomMetric metric, Phase phase, double amount, String... labelValues) {
    DoubleAdder adder = customAdder(metric, phase, labelValues);
    if (adder != null) {
      adder.add(amount);
    }
  }

  private DoubleAdder customAdder(CustomMetric metric, Phase phase, String[] labelValues) {
    if (metric == null
        || phase == null
        || labelValues == null
        || labelValues.length != metric.labels().size()
        || Arrays.stream(labelValues).anyMatch(v -> v == null || v.isEmpty())) {
      Misuse.once(
          logger,
          "custom metric "
              + (metric == null ? "null" : metric.name())
              + " set on kind "
              + kindIdentifier
              + " with phase "
              + phase
              + " and label values "
              + Arrays.toString(labelValues)
              + " that do not match its labels "
              + (metric == null ? "" : metric.labels())
              + "; ignored");
      return null;
    }
    return custom.computeIfAbsent(
        new CustomKey(metric, phase, List.of(labelValues)), k -> new DoubleAdder());
  }

  private record CustomKey(CustomMetric metric, Phase phase, List<String> labelValues) {}

  @Override
  public void fail(String reason) {
    if (ended != null) {
      Misuse.once(
          logger,
          "fail() on kind " + kindIdentifier + " after it ended was ignored: fail before end()");
      return;
    }
    failure.compareAndSet(null, reason == null || reason.isBlank() ? "failed" : reason);
  }

  @Override
  public void fail(Throwable error) {
    fail(
        error == null
            ? "failed"
            : error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage()));
  }

  @Override
  public void end() {
    synchronized (this) {
      if (ended != null) {
        return;
      }
      completedNanos = clock.nanoTime();
      long heap = heapProbe.getAsLong();
      memory.set(Phase.RESYNC.ordinal(), heap);
      ended =
          snapshot(
              completedNanos,
              heap,
              failed() ? Payload.FAILED : Payload.COMPLETED,
              failure.get(),
              clock.now());
      if (onEnd != null) {
        onEnd.ended(ended);
      }
    }
  }

  /**
   * Ends the kind with its run unless {@link #end()} ended it before: {@code completed} or {@code
   * failed}, or {@code aborted} with {@code abortReason} when the run was aborted.
   *
   * @return the snapshot made now, or null when the kind had ended before (see {@link #ended()})
   */
  public synchronized KindSnapshot endWithRun(
      long runEndNanos, long runEndHeap, Instant at, String abortReason) {
    if (ended != null) {
      return null;
    }
    String state =
        abortReason != null ? Payload.ABORTED : failed() ? Payload.FAILED : Payload.COMPLETED;
    String why =
        abortReason != null && failure.get() == null ? "aborted: " + abortReason : failure.get();
    ended = snapshot(runEndNanos, runEndHeap, state, why, at);
    return ended;
  }

  /** The frozen kind, or null while it has not ended. */
  public KindSnapshot ended() {
    return ended;
  }

  /** True when counts were recorded after the kind ended: its payload does not hold them. */
  public boolean recordedAfterEnd() {
    KindSnapshot frozen = ended;
    return frozen != null && !Arrays.deepEquals(frozen.counts(), sums());
  }

  public boolean failed() {
    return failure.get() != null;
  }

  private long[][] sums() {
    long[][] sums = KindSnapshot.noCounts();
    for (int p = 0; p < counts.length; p++) {
      for (int t = 0; t < counts[p].length; t++) {
        sums[p][t] = counts[p][t].sum();
      }
    }
    return sums;
  }

  /**
   * Freezes the counters. The kind's resync duration runs from its creation to {@link #end()}, else
   * to its last timer's end, else to {@code runEndNanos}.
   */
  public KindSnapshot snapshot(long runEndNanos, long runEndHeap) {
    return snapshot(
        runEndNanos,
        runEndHeap,
        failed() ? Payload.FAILED : Payload.COMPLETED,
        failure.get(),
        null);
  }

  private KindSnapshot snapshot(
      long runEndNanos, long runEndHeap, String state, String why, Instant endedAt) {
    double[] seconds = new double[PHASES.length];
    long[] mem = new long[PHASES.length];
    for (int i = 0; i < PHASES.length; i++) {
      seconds[i] = phaseNanos[i].sum() / 1e9;
      mem[i] = memory.get(i);
    }
    long end =
        completedNanos != Long.MIN_VALUE
            ? completedNanos
            : lastTimerEnd.get() != Long.MIN_VALUE ? lastTimerEnd.get() : runEndNanos;
    seconds[Phase.RESYNC.ordinal()] += Math.max(0, end - createdNanos) / 1e9;
    if (mem[Phase.RESYNC.ordinal()] < 0) {
      mem[Phase.RESYNC.ordinal()] = runEndHeap;
    }
    List<CustomValue> values = new ArrayList<>(custom.size());
    custom.forEach(
        (k, v) ->
            values.add(
                new CustomValue(
                    k.metric().name(),
                    k.metric().help(),
                    k.phase().label(),
                    k.metric().labels(),
                    k.labelValues(),
                    v.sum())));
    values.sort(CustomValue.ORDER);
    return new KindSnapshot(
        kind,
        index,
        kindIdentifier,
        Payload.COMPLETED.equals(state),
        why,
        sums(),
        seconds,
        mem,
        values,
        state,
        endedAt);
  }
}
