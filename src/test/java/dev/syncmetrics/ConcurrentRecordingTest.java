package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class ConcurrentRecordingTest {
  @Test
  void eightThreadsRecordingIntoOneKindGiveExactTotals() throws Exception {
    int threads = 8;
    int perThread = 200_000;
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder().enabled(true).integration("t", "t-1", "1").build())
            .build()) {
      SyncRun run = reporter.startRun();
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  KindRecorder kind = run.kind("repository", 0);
                  await(start);
                  for (int i = 0; i < perThread; i++) {
                    kind.extracted();
                    kind.transformed();
                    if (i % 2 == 0) {
                      kind.loaded();
                    } else {
                      kind.loadFailed(1);
                    }
                    kind.deleted(2);
                    if (i % 1000 == 0) {
                      try (PhaseTimer timer = kind.time(Phase.EXTRACT)) {
                        kind.skipped(1);
                      }
                    }
                  }
                });
        workers.add(w);
        w.start();
      }
      for (Thread w : workers) {
        w.join();
      }
      ReportResult.KindResult k = run.finish().kinds().get(0);
      long total = (long) threads * perThread;
      assertEquals(total, k.count(Phase.EXTRACT, "raw_extracted"));
      assertEquals(total, k.count(Phase.TRANSFORM, "transformed"));
      assertEquals(total / 2, k.count(Phase.LOAD, "loaded"));
      assertEquals(total / 2, k.count(Phase.LOAD, "failed"));
      assertEquals(2 * total, k.count(Phase.DELETE, "deleted"));
      assertEquals(threads * (perThread / 1000), k.count(Phase.LOAD, "skipped"));
    }
  }

  @Test
  void theSameKindAndIndexGiveTheSameRecorderFromEveryThread() throws Exception {
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder().enabled(true).integration("t", "t-1", "1").build())
            .build()) {
      SyncRun run = reporter.startRun();
      KindRecorder[] seen = new KindRecorder[4];
      Thread[] ts = new Thread[4];
      for (int i = 0; i < 4; i++) {
        int n = i;
        ts[i] = new Thread(() -> seen[n] = run.kind("merge-request", 3));
        ts[i].start();
      }
      for (Thread t : ts) {
        t.join();
      }
      for (KindRecorder k : seen) {
        assertSame(seen[0], k);
      }
      assertEquals("merge-request-3", seen[0].kindIdentifier());
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
