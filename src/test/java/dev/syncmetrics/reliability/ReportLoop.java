package dev.syncmetrics.reliability;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.spool.FileSpool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs syncs of a small integration (two kinds, so three payloads a run) through one reporter,
 * checking each report returns within its deadline without throwing, and remembering every payload
 * made, every result and how long each report took.
 */
final class ReportLoop implements AutoCloseable {
  /** How much longer than its timeout a report may take on a busy shared machine. */
  static final Duration SLACK = Duration.ofSeconds(2);

  final Duration timeout;
  final Path spoolDir;
  final SyncReporter reporter;
  final List<Payload> made = new ArrayList<>();
  final List<ReportResult> results = new ArrayList<>();
  final List<Long> millis = new ArrayList<>();
  private int runs;

  ReportLoop(Duration timeout, Path spoolDir, UnaryOperator<SyncMetricsConfig.Builder> settings) {
    this.timeout = timeout;
    this.spoolDir = spoolDir;
    this.reporter =
        SyncReporter.builder(
                settings
                    .apply(
                        SyncMetricsConfig.builder()
                            .enabled(true)
                            .integration("github", "github-prod", "1.4.0")
                            .timeout(timeout)
                            .spoolDir(spoolDir))
                    .build())
            .build();
  }

  /** One sync and its report. */
  ReportResult report() {
    int n = ++runs;
    return measure(
        () -> {
          try (SyncRun run = reporter.startRun()) {
            KindRecorder repos = run.kind("repository", 0);
            try (PhaseTimer t = repos.time(Phase.EXTRACT)) {
              repos.extracted(100 * n);
            }
            try (PhaseTimer t = repos.time(Phase.LOAD)) {
              repos.loaded(100 * n - 1);
              repos.loadFailed(1);
            }
            KindRecorder mrs = run.kind("merge-request", 12);
            mrs.extracted(n);
            mrs.loaded(n);
            return run.finish();
          }
        });
  }

  /** One sync of {@code kinds} kinds ({@code kinds + 1} payloads). */
  ReportResult report(int kinds) {
    int n = ++runs;
    return measure(
        () -> {
          try (SyncRun run = reporter.startRun()) {
            for (int i = 0; i < kinds; i++) {
              KindRecorder k = run.kind("kind", i);
              k.extracted(n);
              k.loaded(n);
            }
            return run.finish();
          }
        });
  }

  /** What {@code push --spool} does. */
  ReportResult redeliver() {
    return measure(reporter::redeliverSpool);
  }

  private ReportResult measure(java.util.function.Supplier<ReportResult> report) {
    long start = System.nanoTime();
    ReportResult r = assertDoesNotThrow(report::get, "a report must never throw");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(
        ms <= timeout.plus(SLACK).toMillis(),
        "report took " + ms + " ms, timeout " + timeout.toMillis() + " ms: " + r);
    made.addAll(r.payloads());
    results.add(r);
    millis.add(ms);
    return r;
  }

  static TargetResult webhook(ReportResult r) {
    return r.target("webhook").orElseThrow(() -> new AssertionError("no webhook result in " + r));
  }

  static TargetResult pushgateway(ReportResult r) {
    return r.target("pushgateway")
        .orElseThrow(() -> new AssertionError("no pushgateway result in " + r));
  }

  /** Every payload made so far, by idempotency key, as sent. */
  Map<String, String> expected() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Payload p : made) {
      m.put(p.idempotencyKey(), new String(p.body(), StandardCharsets.UTF_8));
    }
    assertEquals(made.size(), m.size(), "idempotency keys must be unique per payload");
    return m;
  }

  /** Webhook payloads the client counted delivered, over every report so far. */
  int deliveredByClient() {
    return results.stream()
        .mapToInt(r -> r.target("webhook").map(TargetResult::delivered).orElse(0))
        .sum();
  }

  /**
   * Payloads waiting in the spool directory: payload files, and payloads a report could not spool
   * in time that wait in the journal (live/held/) for the next delivery to bring in.
   */
  long spoolFiles() {
    return new FileSpool(spoolDir, Integer.MAX_VALUE, Long.MAX_VALUE).size();
  }

  /** "812, 790, 801 ms" */
  String durations() {
    return millis.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + " ms";
  }

  @Override
  public void close() {
    reporter.close();
  }
}
