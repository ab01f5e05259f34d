package dev.syncmetrics.record;

import dev.syncmetrics.Phase;
import java.util.Arrays;
import java.util.List;

/**
 * What one kind did in a run, frozen at the end of it: the input of payloads and of the Pushgateway
 * push. Durations in seconds and memory in bytes are indexed by {@link Phase#ordinal()}; memory is
 * -1 where it was never sampled.
 */
public record KindSnapshot(
    String kind,
    int index,
    String kindIdentifier,
    boolean success,
    String failure,
    long rawExtracted,
    long transformed,
    long filteredOut,
    long transformFailed,
    long loaded,
    long loadFailed,
    long skipped,
    long deleted,
    double[] durationSeconds,
    long[] memoryBytes,
    List<CustomValue> custom) {

  public static final String RUNTIME = "__runtime__";

  public KindSnapshot {
    durationSeconds = durationSeconds.clone();
    memoryBytes = memoryBytes.clone();
    custom = List.copyOf(custom);
  }

  public double duration(Phase phase) {
    return durationSeconds[phase.ordinal()];
  }

  /** Heap in use at the end of {@code phase}, or -1 when it was not sampled. */
  public long memory(Phase phase) {
    return memoryBytes[phase.ordinal()];
  }

  public boolean isRuntime() {
    return RUNTIME.equals(kindIdentifier);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KindSnapshot k
        && kindIdentifier.equals(k.kindIdentifier)
        && kind.equals(k.kind)
        && index == k.index
        && success == k.success
        && java.util.Objects.equals(failure, k.failure)
        && rawExtracted == k.rawExtracted
        && transformed == k.transformed
        && filteredOut == k.filteredOut
        && transformFailed == k.transformFailed
        && loaded == k.loaded
        && loadFailed == k.loadFailed
        && skipped == k.skipped
        && deleted == k.deleted
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
        + ", success="
        + success
        + ", extracted="
        + rawExtracted
        + ", transformed="
        + transformed
        + ", loaded="
        + loaded
        + "}";
  }
}
