package dev.syncmetrics.internal.record;

import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import java.time.Instant;
import java.util.Arrays;
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
    return of(
        kinds,
        success ? Payload.COMPLETED : Payload.FAILED,
        success ? null : "run failed",
        runSeconds,
        heapAtEnd,
        null);
  }

  /**
   * @param state the run's {@code sync_state}; its success is 1 only when {@link Payload#COMPLETED}
   * @param failure why it did not complete, or null
   * @param endedAt when it ended (or started, for {@code syncing}), or null for the run's time
   */
  public static KindSnapshot of(
      List<KindSnapshot> kinds,
      String state,
      String failure,
      double runSeconds,
      long heapAtEnd,
      Instant endedAt) {
    long[][] counts = KindSnapshot.noCounts();
    double[] seconds = new double[Phase.values().length];
    long[] memory = new long[Phase.values().length];
    Arrays.fill(memory, -1);
    for (KindSnapshot k : kinds) {
      for (Phase p : Phase.values()) {
        for (int t = 0; t < p.countTypes().size(); t++) {
          counts[p.ordinal()][t] += k.count(p, p.countTypes().get(t));
        }
        if (p != Phase.RESYNC) {
          seconds[p.ordinal()] += k.duration(p);
          memory[p.ordinal()] = Math.max(memory[p.ordinal()], k.memory(p));
        }
      }
    }
    seconds[Phase.RESYNC.ordinal()] = runSeconds;
    memory[Phase.RESYNC.ordinal()] = heapAtEnd;
    boolean success = Payload.COMPLETED.equals(state);
    return new KindSnapshot(
        Payload.RUNTIME,
        0,
        Payload.RUNTIME,
        success,
        success ? null : failure == null ? "run " + state : failure,
        counts,
        seconds,
        memory,
        List.of(),
        state,
        endedAt);
  }
}
