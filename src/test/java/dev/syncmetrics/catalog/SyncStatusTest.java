package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/sync-status}: what the dashboard shows of runs in progress, computed from the
 * entities the payloads become, on the catalog's (fake) clock.
 */
class SyncStatusTest {
  private static final String ID = "github-github-prod";

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
  private CatalogServer server;
  private TestHttp http;

  @BeforeEach
  void start() throws IOException {
    server =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .clock(clock)
            .stalledFactor(2)
            .build()
            .start();
    http = new TestHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void post(SamplePayloads payload, String state, String keySuffix) {
    ObjectNode body = payload.build();
    body.put("sync_state", state);
    String key =
        body.path("event_id").asText() + ":" + body.path("kind_identifier").asText() + keySuffix;
    TestHttp.Answer a = http.postJson("/webhook", body.toString(), "Idempotency-Key", key);
    assertEquals(200, a.status(), a.body());
  }

  private void announce(String event) {
    post(
        SamplePayloads.runtime(event, "github", "github-prod").success(false),
        "syncing",
        ":syncing");
  }

  private void kind(String event, int index, String state) {
    post(
        SamplePayloads.kind(event, "github", "github-prod", "kind", index)
            .counts(10, 9, 8)
            .success("completed".equals(state)),
        state,
        "");
  }

  private void finish(String event, String state, double seconds) {
    post(
        SamplePayloads.runtime(event, "github", "github-prod")
            .duration(seconds)
            .success("completed".equals(state)),
        state,
        "");
  }

  private JsonNode status() {
    JsonNode all = http.get("/api/sync-status").json();
    assertEquals(2.0, all.path("stalledFactor").asDouble());
    for (JsonNode i : all.path("integrations")) {
      if (i.path("identifier").asText().equals(ID)) {
        return i;
      }
    }
    throw new AssertionError("no " + ID + " in " + all);
  }

  @Test
  void aRunInProgressIsSyncingWithItsKindsDoneOfThoseSeenAndItsElapsedTime() {
    announce("run-1");
    kind("run-1", 0, "completed");
    kind("run-1", 1, "completed");
    kind("run-1", 2, "failed");
    finish("run-1", "failed", 40);
    JsonNode finished = status();
    assertEquals("FAILED", finished.path("state").asText());
    assertTrue(finished.path("run").isNull());
    assertEquals(3, finished.path("kindsDone").asInt());
    assertEquals(40.0, finished.at("/lastRun/durationSeconds").asDouble());
    assertEquals(80.0, finished.path("stalledAfterSeconds").asDouble());

    clock.advance(Duration.ofMinutes(5));
    announce("run-2");
    kind("run-2", 1, "completed");
    clock.advance(Duration.ofSeconds(30));
    JsonNode syncing = status();
    assertEquals("SYNCING", syncing.path("state").asText());
    assertEquals("run-2", syncing.at("/run/eventId").asText());
    assertEquals(30.0, syncing.at("/run/elapsedSeconds").asDouble());
    assertEquals(1, syncing.path("kindsDone").asInt(), "kind 1 of run 2");
    assertEquals(3, syncing.path("kindsSeen").asInt(), "the last run's three kinds");
    assertEquals("run-1", syncing.at("/lastRun/eventId").asText());
    assertEquals("FAILED", syncing.at("/lastRun/state").asText());
    JsonNode kinds = syncing.path("kinds");
    assertEquals("COMPLETED", kinds.get(1).path("state").asText());
    assertTrue(kinds.get(1).path("inCurrentRun").asBoolean());
    assertEquals("FAILED", kinds.get(2).path("state").asText());
    assertTrue(kinds.get(2).path("inLastRun").asBoolean());

    clock.advance(Duration.ofSeconds(51)); // 81 s > 2 x 40 s
    assertEquals("STALLED", status().path("state").asText());

    kind("run-2", 0, "completed");
    kind("run-2", 2, "aborted");
    finish("run-2", "aborted", 95);
    JsonNode aborted = status();
    assertEquals("ABORTED", aborted.path("state").asText());
    assertEquals("ABORTED", aborted.path("kinds").get(2).path("state").asText());
    assertEquals(3, aborted.path("kindsDone").asInt());
  }

  @Test
  void anAnnouncementArrivingAfterItsRunsEndDoesNotShowTheRunSyncing() {
    announce("run-1");
    finish("run-1", "completed", 3);
    announce("run-2");
    finish("run-2", "completed", 4);
    announce("run-2"); // a retry of the same announcement: recognised as a duplicate, ignored
    JsonNode s = status();
    assertEquals("COMPLETED", s.path("state").asText());

    // the same run's announcement stored after its final __runtime__ (delivered out of order)
    post(
        SamplePayloads.runtime("run-3", "github", "github-prod").success(true).duration(5),
        "completed",
        "");
    post(
        SamplePayloads.runtime("run-3", "github", "github-prod").success(false),
        "syncing",
        ":syncing");
    assertEquals("COMPLETED", status().path("state").asText());
    assertEquals(5.0, status().at("/lastRun/durationSeconds").asDouble());
  }

  @Test
  void aFirstRunIsSyncingWithoutAStalledLimitAndUnknownIntegrationsAreAbsent() {
    announce("run-1");
    kind("run-1", 0, "completed");
    clock.advance(Duration.ofHours(3));
    JsonNode s = status();
    assertEquals("SYNCING", s.path("state").asText(), "no last run: never stalled");
    assertTrue(s.path("stalledAfterSeconds").isNull());
    assertEquals(1, s.path("kindsDone").asInt());
    assertEquals(1, s.path("kindsSeen").asInt());
    assertEquals(
        0, http.get("/api/sync-status?integration=jira-none").json().path("integrations").size());
  }
}
