package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.CatalogReads;
import dev.syncmetrics.testing.PushgatewayGroups;
import dev.syncmetrics.testing.PushgatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run seen while it runs, against a real catalog process and a real Pushgateway: the start
 * reaches both before any kind ends, each kind's payload reaches the catalog when the kind ends
 * (before {@code finish()} is called), and the end turns the run's state over.
 */
class LiveReportingIT {
  private static final String PHASE = "integration_kind_phase_metrics";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void theStartAndEachEndedKindArriveWhileTheRunGoesOnAndTheEndTurnsTheStateOver()
      throws Exception {
    try (CatalogProcess catalog = CatalogProcess.start(dir.resolve("c.db").toString(), dir);
        PushgatewayProcess pg = PushgatewayProcess.startOnFreePort();
        SyncReporter reporter =
            SyncReporter.builder(
                    SyncMetricsConfig.builder()
                        .enabled(true)
                        .integration("github", "live-it", "1.0.0")
                        .webhookUrl(catalog.baseUrl() + "/webhook")
                        .pushgatewayUrl(pg.baseUrl())
                        .spoolDir(dir.resolve("spool"))
                        .timeout(Duration.ofSeconds(10))
                        .build())
                .build()) {
      CatalogReads reads = new CatalogReads(catalog.baseUrl());
      double before = Math.floor(System.currentTimeMillis() / 1000.0);
      try (SyncRun run = reporter.startRun()) {
        String event = run.eventId();
        JsonNode announced =
            reads.await(PHASE, "github-live-it-__runtime__", of(event, "syncing"), WAIT);
        assertEquals(false, announced.path("success").asBoolean(true), "syncing has success 0");
        Map<String, Double> pushed =
            awaitPushgateway(pg, m -> Double.valueOf(1).equals(m.get("sync_runs{state=running}")));
        assertTrue(pushed.get("sync_run_start_timestamp_seconds{}") >= before, pushed.toString());

        KindRecorder repos = run.kind("repository", 0);
        repos.extracted(3);
        repos.loaded(3);
        repos.end();
        JsonNode repo =
            reads.await(PHASE, "github-live-it-repository-0", of(event, "completed"), WAIT);
        assertEquals(3, repo.path("loaded").asInt());

        KindRecorder issues = run.kind("issue", 1);
        issues.extracted(2);
        issues.fail("the source refused");
        issues.end();
        reads.await(PHASE, "github-live-it-issue-1", of(event, "failed"), WAIT);

        assertEquals(
            "syncing",
            reads
                .properties(PHASE, "github-live-it-__runtime__")
                .orElseThrow()
                .path("sync_state")
                .asText(),
            "the run is still syncing while finish() has not been called");

        ReportResult result = run.finish();
        assertEquals("failed", result.state());
        assertTrue(result.allDelivered(), result.toString());
        JsonNode runtime =
            reads.properties(PHASE, "github-live-it-__runtime__").orElseThrow(); // no waiting
        assertEquals("failed", runtime.path("sync_state").asText());
        assertEquals(event, runtime.path("event_id").asText());
        assertEquals(5, runtime.path("raw_extracted").asInt(), "the run's totals");

        Map<String, Double> end = PushgatewayGroups.samples(pg.baseUrl(), "live-it");
        assertEquals(0, end.get("sync_runs{state=running}"));
        assertEquals(1, end.get("sync_runs{state=failed}"));
        assertEquals(1, end.get("sync_state{kind=issue,kind_index=1,state=failed}"));
        assertEquals(1, end.get("sync_state{kind=repository,kind_index=0,state=completed}"));
        assertEquals(1, end.get("sync_state{kind=__runtime__,state=failed}"));
      }
    }
  }

  private static Predicate<JsonNode> of(String event, String state) {
    return p ->
        event.equals(p.path("event_id").asText()) && state.equals(p.path("sync_state").asText());
  }

  private static Map<String, Double> awaitPushgateway(
      PushgatewayProcess pg, Predicate<Map<String, Double>> until) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Map<String, Double> m = Map.of();
    while (System.nanoTime() < deadline) {
      m = PushgatewayGroups.samples(pg.baseUrl(), "live-it");
      if (until.test(m)) {
        return m;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the Pushgateway did not show the run's start: " + m);
  }
}
