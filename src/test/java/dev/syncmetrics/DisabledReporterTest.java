package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.internal.record.NoopKind;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisabledReporterTest {
  @Test
  void disabledReporterHandsOutTheSharedNoopRecorder() {
    SyncReporter reporter =
        SyncReporter.builder(SyncMetricsConfig.fromEnvironment(Map.of()).build()).build();
    assertFalse(reporter.enabled());
    SyncRun run = reporter.startRun();
    assertSame(NoopKind.INSTANCE, run.kind("repository", 0));
    assertSame(run, reporter.startRun(), "one shared run object: nothing is allocated per run");
    ReportResult result = run.finish();
    assertEquals("disabled", result.state());
    assertTrue(result.payloads().isEmpty());
    assertTrue(result.targets().isEmpty());
    reporter.close();
  }

  @Test
  void disabledReporterStartsNoThreadAndWritesNothing(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path spool = dir.resolve("spool");
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(false)
                    .webhookUrl("http://127.0.0.1:9/")
                    .spoolDir(spool)
                    .build())
            .build();
    try (SyncRun run = reporter.startRun()) {
      run.kind("repository", 0).extracted(10);
      run.finish();
    }
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t))
            .noneMatch(
                t -> t.getName().startsWith("syncmetrics-") || t.getName().startsWith("OkHttp")),
        "no delivery or HTTP thread was started");
    assertFalse(Files.exists(spool));
  }

  @Test
  void recordingIntoADisabledReporterAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SyncRun run = SyncReporter.disabled().startRun();
    KindRecorder kind = run.kind("repository", 0);
    record(kind, 10_000); // warm up
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    record(kind, 1_000_000);
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertTrue(allocated < 64 * 1024, "a million recordings allocated " + allocated + " bytes");
  }

  private static void record(KindRecorder kind, int n) {
    for (int i = 0; i < n; i++) {
      kind.extracted();
      kind.transformed(1);
      kind.loaded();
      try (PhaseTimer t = kind.time(Phase.LOAD)) {
        kind.skipped(1);
      }
    }
  }
}
