package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reporter's webhook, signed, into a running catalog, read back through the API. */
class CatalogIT {
  static final String SECRET = "shared-webhook-secret";
  static final String KINDS = "/api/blueprints/integration_kind_metrics/entities/";
  static final String INTEGRATIONS = "/api/blueprints/integration/entities/";

  @TempDir Path dir;
  CatalogServer catalog;
  SyncReporter reporter;
  TestHttp http;

  @BeforeEach
  void start() throws Exception {
    catalog =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .webhookSecret(SECRET)
            .build()
            .start();
    http = new TestHttp(catalog.url());
    // every reading of the clock moves it on by 1.5 s, so durations are whole and non-zero
    FakeClock clock = FakeClock.ticking(Instant.now(), Duration.ofMillis(1500));
    reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-prod", "1.4.0")
                    .webhookUrl(catalog.url() + "webhook")
                    .webhookSecret(SECRET)
                    .spoolDir(dir.resolve("spool"))
                    .timeout(Duration.ofSeconds(30))
                    .build())
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    reporter.close();
    catalog.close();
  }

  ReportResult sync(int raw, boolean failIssues) {
    try (SyncRun run = reporter.startRun()) {
      KindRecorder repos = run.kind("repository", 0);
      try (PhaseTimer t = repos.time(Phase.EXTRACT)) {
        repos.extracted(raw);
      }
      try (PhaseTimer t = repos.time(Phase.TRANSFORM)) {
        repos.transformed(raw - 2);
        repos.filteredOut(1);
        repos.transformFailed(1);
      }
      try (PhaseTimer t = repos.time(Phase.LOAD)) {
        repos.loaded(raw - 3);
        repos.loadFailed(1);
      }
      KindRecorder issues = run.kind("issue", 12);
      issues.extracted(40);
      issues.transformed(40);
      issues.loaded(40);
      if (failIssues) {
        issues.fail(new IllegalStateException("rate limited"));
      }
      return run.finish();
    }
  }

  static JsonNode payload(ReportResult result, String kindIdentifier) throws Exception {
    for (Payload p : result.payloads()) {
      if (p.kindIdentifier().equals(kindIdentifier)) {
        return TestHttp.JSON.readTree(p.body());
      }
    }
    throw new AssertionError("no payload for " + kindIdentifier + " in " + result);
  }

  @Test
  void theReportersSyncArrivesAsEntitiesWithTheValuesItSent() throws Exception {
    ReportResult result = sync(120, true);

    assertTrue(result.allDelivered(), result.toString());
    JsonNode repo = http.get(KINDS + "repository-0").json();
    JsonNode sent = payload(result, "repository-0").at("/metrics/phase");
    assertEquals(120, repo.at("/properties/raw_objects").asInt());
    assertEquals(118, repo.at("/properties/transformed_objects").asInt());
    assertEquals(117, repo.at("/properties/entities_ingested").asInt());
    assertEquals(
        sent.at("/extract/object_count").asLong(), repo.at("/properties/raw_objects").asLong());
    assertEquals(
        Math.round(sent.at("/resync/duration_seconds").asDouble()),
        repo.at("/properties/duration").asLong());
    assertTrue(repo.at("/properties/duration").asLong() > 0, repo.toString());
    assertEquals("SUCCESS", repo.at("/properties/last_completion_status").asText());
    assertEquals("repository", repo.at("/properties/kind").asText());
    assertEquals("github-github-prod", repo.at("/relations/integration").asText());

    JsonNode issues = http.get(KINDS + "issue-12").json();
    assertEquals("FAILED", issues.at("/properties/last_completion_status").asText());
    assertEquals("issue", issues.at("/properties/kind").asText());

    JsonNode integration = http.get(INTEGRATIONS + "github-github-prod").json();
    JsonNode runtime = payload(result, "__runtime__").at("/metrics/phase/resync");
    assertEquals("github-prod", integration.get("title").asText());
    assertEquals("FAILED", integration.at("/properties/last_resync_completion_status").asText());
    assertEquals(
        Math.round(runtime.at("/duration_seconds").asDouble()),
        integration.at("/properties/last_resync_duration").asLong());
    assertEquals(2, http.get(KINDS).json().get("entities").size());
  }

  @Test
  void aSecondSyncAddsAHistoryPoint() throws Exception {
    assertTrue(sync(120, false).allDelivered());
    ReportResult second = sync(150, false);
    assertTrue(second.allDelivered(), second.toString());

    JsonNode history = http.get(KINDS + "repository-0/history").json().get("history");
    assertEquals(2, history.size());
    assertEquals(150, history.at("/0/properties/raw_objects").asInt());
    assertEquals(120, history.at("/1/properties/raw_objects").asInt());
    // each run's result, and before it (when it arrived in time: this test's clock ticks 1.5 s at
    // every reading, so the announcement's quarter of the deadline can pass before it is sent) the
    // syncing announcement, which the guide's mapping turns into FAILED with duration 0
    JsonNode runs = http.get(INTEGRATIONS + "github-github-prod/history").json().get("history");
    List<String> states =
        StreamSupport.stream(runs.spliterator(), false)
            .map(h -> h.at("/properties/last_resync_completion_status").asText())
            .toList();
    assertEquals("SUCCESS", states.get(0), "the newest point is the last run's result: " + runs);
    assertEquals(2, states.stream().filter("SUCCESS"::equals).count(), runs.toString());
    for (JsonNode h : runs) {
      if (h.at("/properties/last_resync_completion_status").asText().equals("FAILED")) {
        assertEquals(0, h.at("/properties/last_resync_duration").asInt(), "an announcement");
      }
    }
    assertTrue(runs.size() <= 4, runs.toString());
    assertEquals(
        "SUCCESS",
        http.get(INTEGRATIONS + "github-github-prod")
            .json()
            .at("/properties/last_resync_completion_status")
            .asText());
  }

  @Test
  void redeliveringARunDoesNotAddHistory() throws Exception {
    ReportResult result = sync(120, false);
    ReportResult again = reporter.deliver(result.payloads());

    assertTrue(again.allDelivered(), again.toString());
    assertEquals(1, http.get(KINDS + "repository-0/history").json().get("history").size());
  }
}
