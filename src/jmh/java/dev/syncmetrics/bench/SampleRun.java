package dev.syncmetrics.bench;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.KindState;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.record.RunTotals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A run with {@code n} kinds, every count recorded and every phase timed, as the benchmarks need
 * it: the live {@link KindState}s and their frozen {@link RunSnapshot}, built the way {@code
 * SyncRun.snapshot()} builds it.
 */
final class SampleRun {
  /** Kind names of a realistic integration, cycled through. */
  private static final String[] NAMES = {
    "repository", "pull-request", "merge-request", "issue", "team", "user", "deployment", "service"
  };

  private final List<KindState> kinds;
  private final long startNanos = System.nanoTime();
  private final String eventId = UUID.randomUUID().toString();

  private SampleRun(List<KindState> kinds) {
    this.kinds = kinds;
  }

  /** {@code n} kinds with counts recorded into each, as after a sync. */
  static SampleRun of(int n) {
    List<KindState> kinds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      KindState k = new KindState(NAMES[i % NAMES.length], i, Clock.SYSTEM, SampleRun::heap);
      record(k, i);
      kinds.add(k);
    }
    return new SampleRun(kinds);
  }

  /** What an integration records for one kind: counts in every phase and a timer per phase. */
  static void record(KindState k, int i) {
    for (Phase p : new Phase[] {Phase.EXTRACT, Phase.TRANSFORM, Phase.LOAD}) {
      k.time(p).close();
    }
    k.extracted(1_000 + i);
    k.transformed(990 + i);
    k.filteredOut(7);
    k.transformFailed(3);
    k.loaded(985 + i);
    k.loadFailed(2);
    k.skipped(3);
    k.deleted(i % 5);
  }

  List<KindState> kinds() {
    return kinds;
  }

  /**
   * Freezes the kinds into a run snapshot (what the end of a sync does before writing payloads).
   */
  RunSnapshot snapshot() {
    return snapshot("github-prod", eventId);
  }

  /** The same for another integration identifier and run id. */
  RunSnapshot snapshot(String integrationIdentifier, String runId) {
    long end = System.nanoTime();
    long heap = heap();
    List<KindSnapshot> frozen = new ArrayList<>(kinds.size());
    for (KindState k : kinds) {
      frozen.add(k.snapshot(end, heap));
    }
    frozen.sort(Comparator.comparingInt(KindSnapshot::index).thenComparing(KindSnapshot::kind));
    boolean success = frozen.stream().allMatch(KindSnapshot::success);
    KindSnapshot runtime = RunTotals.of(frozen, success, (end - startNanos) / 1e9, heap);
    return new RunSnapshot(
        "github",
        integrationIdentifier,
        "1.4.0",
        runId,
        success ? RunSnapshot.COMPLETED : RunSnapshot.FAILED,
        java.time.Instant.now(),
        java.time.Instant.now(),
        frozen,
        runtime);
  }

  private static long heap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
