package dev.syncmetrics.internal.record;

import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.ReportResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one kind did in a run, frozen when it ended: the input of payloads and of the Pushgateway
 * push. Counts are indexed by phase and by the position of their type in {@link
 * Phase#countTypes()}; durations in seconds and memory in bytes by {@link Phase#ordinal()}, memory
 * -1 where it was never sampled.
 *
 * <pre>{@code
 * long skipped = snapshot.count(Phase.LOAD, "skipped");
 * }</pre>
 *
 * @param state its {@code sync_state}: {@link Payload#COMPLETED}, {@link Payload#FAILED} or {@link
 *     Payload#ABORTED}; for {@code __runtime__} the run's, {@link Payload#SYNCING} while it runs
 * @param endedAt when it ended (its payload's {@code reported_at}), or null to use the run's
 */
public record KindSnapshot(
    String kind,
    int index,
    String kindIdentifier,
    boolean success,
    String failure,
    long[][] counts,
    double[] durationSeconds,
    long[] memoryBytes,
    List<CustomValue> custom,
    String state,
    Instant endedAt) {

  public KindSnapshot {
    if (state == null) {
      state = success ? Payload.COMPLETED : Payload.FAILED;
    }
    counts = copy(counts);
    durationSeconds = durationSeconds.clone();
    memoryBytes = memoryBytes.clone();
    custom = List.copyOf(custom);
  }

  /** A kind that ended {@code completed} or {@code failed} (by its success) with the run. */
  public KindSnapshot(
      String kind,
      int index,
      String kindIdentifier,
      boolean success,
      String failure,
      long[][] counts,
      double[] durationSeconds,
      long[] memoryBytes,
      List<CustomValue> custom) {
    this(
        kind,
        index,
        kindIdentifier,
        success,
        failure,
        counts,
        durationSeconds,
        memoryBytes,
        custom,
        null,
        null);
  }

  /** A zeroed count table shaped by {@link Phase#countTypes()}. */
  public static long[][] noCounts() {
    long[][] counts = new long[Phase.values().length][];
    for (Phase p : Phase.values()) {
      counts[p.ordinal()] = new long[p.countTypes().size()];
    }
    return counts;
  }

  private static long[][] copy(long[][] counts) {
    long[][] shape = noCounts();
    if (counts.length != shape.length) {
      throw new IllegalArgumentException("counts must have one row per phase");
    }
    for (int i = 0; i < shape.length; i++) {
      if (counts[i].length != shape[i].length) {
        throw new IllegalArgumentException("counts of phase " + i + " do not fit its count types");
      }
      shape[i] = counts[i].clone();
    }
    return shape;
  }

  /** The count of {@code type} (one of {@code phase.countTypes()}) in {@code phase}. */
  public long count(Phase phase, String type) {
    int i = phase.countTypes().indexOf(type);
    if (i < 0) {
      throw new IllegalArgumentException(
          "phase " + phase.label() + " has no count type " + type + ": " + phase.countTypes());
    }
    return counts[phase.ordinal()][i];
  }

  /** What the kind did, as the report result tells it. */
  public ReportResult.KindResult toResult() {
    Map<String, Long> named = new HashMap<>();
    for (Phase p : Phase.values()) {
      for (int t = 0; t < p.countTypes().size(); t++) {
        named.put(p.label() + "." + p.countTypes().get(t), counts[p.ordinal()][t]);
      }
    }
    return new ReportResult.KindResult(
        kindIdentifier, success, failure, duration(Phase.RESYNC), named, state);
  }

  /** The phase's headline count ({@code object_count}): the first of its count types. */
  public long headline(Phase phase) {
    return counts[phase.ordinal()].length == 0 ? 0 : counts[phase.ordinal()][0];
  }

  public double duration(Phase phase) {
    return durationSeconds[phase.ordinal()];
  }

  /** Heap in use at the end of {@code phase}, or -1 when it was not sampled. */
  public long memory(Phase phase) {
    return memoryBytes[phase.ordinal()];
  }

  public boolean isRuntime() {
    return Payload.RUNTIME.equals(kindIdentifier);
  }

  @Override
  public long[][] counts() {
    return copy(counts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KindSnapshot k
        && kindIdentifier.equals(k.kindIdentifier)
        && kind.equals(k.kind)
        && index == k.index
        && success == k.success
        && Objects.equals(failure, k.failure)
        && state.equals(k.state)
        && Objects.equals(endedAt, k.endedAt)
        && Arrays.deepEquals(counts, k.counts)
        && Arrays.equals(durationSeconds, k.durationSeconds)
        && Arrays.equals(memoryBytes, k.memoryBytes)
        && custom.equals(k.custom);
  }

  @Override
  public int hashCode() {
    return kindIdentifier.hashCode();
  }

  @Override
  public String toString() {
    return "KindSnapshot{"
        + kindIdentifier
        + ", "
        + state
        + ", counts="
        + Arrays.deepToString(counts)
        + "}";
  }
}
