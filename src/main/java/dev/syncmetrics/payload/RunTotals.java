package dev.syncmetrics.payload;

import dev.syncmetrics.Phase;
import dev.syncmetrics.record.KindSnapshot;
import java.util.List;

/** The {@code __runtime__} snapshot of a run: every kind's counts and phase times added up. */
public final class RunTotals {
  private RunTotals() {}

  /**
   * @param success the run's overall success
   * @param runSeconds the run's wall-clock duration (its resync duration)
   * @param heapAtEnd heap in use at the end of the run, or -1
   */
  public static KindSnapshot of(
      List<KindSnapshot> kinds, boolean success, double runSeconds, long heapAtEnd) {
    long raw = 0,
        transformed = 0,
        filtered = 0,
        transformFailed = 0,
        loaded = 0,
        loadFailed = 0,
        skipped = 0,
        deleted = 0;
    double[] seconds = new double[Phase.values().length];
    long[] memory = new long[Phase.values().length];
    java.util.Arrays.fill(memory, -1);
    for (KindSnapshot k : kinds) {
      raw += k.rawExtracted();
      transformed += k.transformed();
      filtered += k.filteredOut();
      transformFailed += k.transformFailed();
      loaded += k.loaded();
      loadFailed += k.loadFailed();
      skipped += k.skipped();
      deleted += k.deleted();
      for (Phase p : Phase.values()) {
        if (p != Phase.RESYNC) {
          seconds[p.ordinal()] += k.duration(p);
          memory[p.ordinal()] = Math.max(memory[p.ordinal()], k.memory(p));
        }
      }
    }
    seconds[Phase.RESYNC.ordinal()] = runSeconds;
    memory[Phase.RESYNC.ordinal()] = heapAtEnd;
    return new KindSnapshot(
        KindSnapshot.RUNTIME,
        0,
        KindSnapshot.RUNTIME,
        success,
        success ? null : "run failed",
        raw,
        transformed,
        filtered,
        transformFailed,
        loaded,
        loadFailed,
        skipped,
        deleted,
        seconds,
        memory,
        List.of());
  }
}
