package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Issue 14 item 4 on {@code /api/integrations} and {@code /api/kinds}: a run in progress is {@code
 * SYNCING} with its kinds done of those seen and its elapsed time, {@code STALLED} past the factor,
 * and kinds and runs show their own state, {@code ABORTED} included. Payloads are posted with the
 * reporter's own idempotency keys ({@code <event>:<kind>}, {@code <event>:__runtime__:syncing} for
 * the announcement), so a retried one is a duplicate; time is the catalog's fake clock.
 */
class RunsInProgressTest {
  private static final String GH = "github-github-prod";

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
  private CatalogServer server;
  private TestHttp http;

  @BeforeEach
  void start() throws IOException {
    start(Duration.ZERO);
  }

  private void start(Duration stalledMinimum) throws IOException {
    if (server != null) {
      server.close();
    }
    server =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .clock(clock)
            .stalledFactor(2)
            .stalledMinimum(stalledMinimum)
            .build()
            .start();
    http = new TestHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Posts as the reporter does; answers whether the catalog took it as new. */
  private boolean post(SamplePayloads payload, String keySuffix) {
    ObjectNode body = payload.build();
    body.put("reported_at", clock.now().toString());
    String key =
        body.path("event_id").asText() + ":" + body.path("kind_identifier").asText() + keySuffix;
    TestHttp.Answer a = http.postJson("/webhook", body.toString(), "Idempotency-Key", key);
    assertEquals(200, a.status(), a.body());
    return !a.json().path("duplicate").asBoolean();
  }

  private boolean announce(String event) {
    return post(
        SamplePayloads.runtime(event, "github", "github-prod").syncState("syncing").success(false),
        ":syncing");
  }

  private void kind(String event, int index, String state) {
    post(
        SamplePayloads.kind(event, "github", "github-prod", "kind", index)
            .counts(10, 9, 8)
            .syncState(state)
            .success("completed".equals(state)),
        "");
  }

  private void finish(String event, String state, double seconds) {
    post(
        SamplePayloads.runtime(event, "github", "github-prod")
            .syncState(state)
            .duration(seconds)
            .success("completed".equals(state)),
        "");
  }

  private JsonNode integration() {
    TestHttp.Answer one = http.get("/api/integrations/" + GH);
    assertEquals(200, one.status(), one.body());
    JsonNode listed = null;
    for (JsonNode i : http.get("/api/integrations").json().path("integrations")) {
      if (GH.equals(i.path("identifier").asText())) {
        listed = i;
      }
    }
    assertTrue(listed != null, "no " + GH + " in /api/integrations");
    assertEquals(listed.path("status"), one.json().path("status"), "the list and the one agree");
    assertEquals(listed.path("run"), one.json().path("run"));
    return one.json();
  }

  private JsonNode kindRow(int index) {
    for (JsonNode k : http.get("/api/kinds?integration=" + GH).json().path("kinds")) {
      if (k.path("identifier").asText().equals(GH + "-kind-" + index)) {
        return k;
      }
    }
    throw new AssertionError("no kind " + index + " of " + GH + " in /api/kinds");
  }

  @Test
  void aRunInProgressIsSyncingWithItsKindsDoneOfThoseSeenAndItsElapsedTime() {
    announce("run-1");
    kind("run-1", 0, "completed");
    kind("run-1", 1, "completed");
    kind("run-1", 2, "failed");
    finish("run-1", "failed", 40);
    JsonNode finished = integration();
    assertEquals("FAILED", finished.path("status").asText());
    assertTrue(finished.path("run").isMissingNode() || finished.path("run").isNull());
    assertEquals(3, finished.path("kinds").asInt());
    assertEquals("run-1", finished.at("/lastRun/eventId").asText());
    assertEquals(40.0, finished.at("/lastRun/durationSeconds").asDouble());

    clock.advance(Duration.ofMinutes(5));
    announce("run-2");
    kind("run-2", 1, "completed");
    clock.advance(Duration.ofSeconds(30));
    JsonNode syncing = integration();
    assertEquals("SYNCING", syncing.path("status").asText());
    assertEquals("run-2", syncing.at("/run/eventId").asText());
    assertEquals(30.0, syncing.at("/run/elapsedSeconds").asDouble());
    assertEquals(1, syncing.at("/run/kindsDone").asInt(), "kind 1 of run 2");
    assertEquals(3, syncing.at("/run/kindsSeen").asInt(), "the last run's three kinds");
    assertEquals(80.0, syncing.at("/run/stalledAfterSeconds").asDouble(), "2 x 40 s");
    assertEquals("run-1", syncing.at("/lastRun/eventId").asText());
    assertEquals("FAILED", syncing.at("/lastRun/status").asText());
    assertEquals("SUCCESS", kindRow(1).path("status").asText());
    assertEquals("run-2", kindRow(1).path("eventId").asText(), "kind 1 is done in this run");
    assertEquals("FAILED", kindRow(2).path("status").asText());
    assertEquals("run-1", kindRow(2).path("eventId").asText(), "kind 2 as the last run left it");

    clock.advance(Duration.ofSeconds(50)); // 80 s: not more than 2 x 40 s
    assertEquals("SYNCING", integration().path("status").asText());
    clock.advance(Duration.ofSeconds(1));
    JsonNode stalled = integration();
    assertEquals("STALLED", stalled.path("status").asText());
    assertEquals(81.0, stalled.at("/run/elapsedSeconds").asDouble());

    kind("run-2", 0, "completed");
    kind("run-2", 2, "aborted");
    finish("run-2", "aborted", 95);
    JsonNode aborted = integration();
    assertEquals("ABORTED", aborted.path("status").asText());
    assertTrue(aborted.path("run").isMissingNode() || aborted.path("run").isNull());
    assertEquals("ABORTED", aborted.at("/lastRun/status").asText());
    assertEquals(95.0, aborted.at("/lastRun/durationSeconds").asDouble());
    assertEquals(1, aborted.path("kindsFailed").asInt(), "the aborted kind");
    assertEquals("ABORTED", kindRow(2).path("status").asText());
    assertEquals("aborted", kindRow(2).path("syncState").asText());
    JsonNode onlyAborted = http.get("/api/kinds?integration=" + GH + "&status=ABORTED").json();
    assertEquals(1, onlyAborted.path("matched").asInt());
    assertEquals(GH + "-kind-2", onlyAborted.at("/kinds/0/identifier").asText());
  }

  @Test
  void aRunPastTheFactorIsNotStalledBeforeTheMinimum() throws IOException {
    start(Duration.ofSeconds(60));
    announce("run-1");
    finish("run-1", "completed", 10);
    announce("run-2");
    clock.advance(Duration.ofSeconds(59)); // past 2 x 10 s, not past the minute
    JsonNode s = integration();
    assertEquals("SYNCING", s.path("status").asText());
    assertEquals(60.0, s.at("/run/stalledAfterSeconds").asDouble());
    clock.advance(Duration.ofSeconds(2));
    assertEquals("STALLED", integration().path("status").asText());
  }

  @Test
  void withoutAnIdempotencyKeyTheAnnouncementAndTheFinalRuntimeAreStillTwoPayloads() {
    ObjectNode announcement =
        SamplePayloads.runtime("run-1", "github", "github-prod")
            .syncState("syncing")
            .success(false)
            .build();
    ObjectNode result =
        SamplePayloads.runtime("run-1", "github", "github-prod")
            .syncState("completed")
            .duration(3)
            .success(true)
            .build();
    // a sender (or a proxy) that drops the header: the key comes from the body
    assertFalse(duplicate(http.postJson("/webhook", announcement.toString())));
    assertTrue(duplicate(http.postJson("/webhook", announcement.toString())), "a retry");
    assertFalse(
        duplicate(http.postJson("/webhook", result.toString())),
        "the final __runtime__ is not taken for its announcement");
    assertEquals("SUCCESS", integration().path("status").asText());
  }

  private static boolean duplicate(TestHttp.Answer a) {
    assertEquals(200, a.status(), a.body());
    return a.json().path("duplicate").asBoolean();
  }

  @Test
  void aRetriedAnnouncementOrOneStoredAfterItsRunsEndDoesNotShowTheRunSyncing() {
    announce("run-1");
    finish("run-1", "completed", 3);
    clock.advance(Duration.ofMinutes(1));
    announce("run-2");
    finish("run-2", "completed", 4);
    clock.advance(Duration.ofMinutes(1));
    assertFalse(announce("run-2"), "a retry of the same announcement is a duplicate");
    JsonNode retried = integration();
    assertEquals("SUCCESS", retried.path("status").asText());
    assertEquals("run-2", retried.at("/lastRun/eventId").asText());

    // run 3's announcement stored after its final __runtime__ (delivered out of order)
    clock.advance(Duration.ofMinutes(1));
    finish("run-3", "completed", 5);
    clock.advance(Duration.ofSeconds(1));
    assertTrue(announce("run-3"), "another payload than the final one: not a duplicate");
    assertEquals(
        "SUCCESS",
        http.get("/api/blueprints/integration/entities/" + GH)
            .json()
            .at("/properties/last_resync_completion_status")
            .asText(),
        "the late announcement (success 0) is not applied to the guide's integration entity");
    JsonNode late = integration();
    assertEquals("SUCCESS", late.path("status").asText());
    assertTrue(late.path("run").isMissingNode() || late.path("run").isNull(), late.toString());
    assertEquals("run-3", late.at("/lastRun/eventId").asText());
    assertEquals(5.0, late.at("/lastRun/durationSeconds").asDouble());

    clock.advance(Duration.ofHours(1));
    assertEquals("SUCCESS", integration().path("status").asText(), "never stalled either");
    JsonNode runs = http.get("/api/integrations/" + GH + "/runs").json().path("runs");
    assertEquals("run-3", runs.at("/0/eventId").asText());
    assertEquals("SUCCESS", runs.at("/0/status").asText());
  }

  @Test
  void anAnnouncementOfAnEarlierRunDeliveredAfterALaterRunEndedDoesNotShowItSyncing() {
    announce("run-1");
    finish("run-1", "completed", 3);
    // run 2 was killed; its announcement, made at 10:01, is delivered by a later process
    clock.advance(Duration.ofMinutes(1));
    ObjectNode killed =
        SamplePayloads.runtime("run-2", "github", "github-prod")
            .syncState("syncing")
            .success(false)
            .build();
    killed.put("reported_at", clock.now().toString());
    clock.advance(Duration.ofMinutes(1));
    announce("run-3");
    finish("run-3", "completed", 4);
    clock.advance(Duration.ofSeconds(1));
    TestHttp.Answer a =
        http.postJson(
            "/webhook", killed.toString(), "Idempotency-Key", "run-2:__runtime__:syncing");
    assertEquals(200, a.status(), a.body());

    JsonNode s = integration();
    assertEquals("SUCCESS", s.path("status").asText());
    assertEquals("run-3", s.at("/lastRun/eventId").asText());
  }

  @Test
  void aFirstRunIsSyncingWithoutAStalledLimitAndUnknownIntegrationsAreAbsent() {
    announce("run-1");
    kind("run-1", 0, "completed");
    clock.advance(Duration.ofHours(3));
    JsonNode s = integration();
    assertEquals("SYNCING", s.path("status").asText(), "no last run: never stalled");
    assertTrue(s.at("/run/stalledAfterSeconds").isNull());
    assertTrue(s.path("lastRun").isMissingNode() || s.path("lastRun").isNull());
    assertEquals(1, s.at("/run/kindsDone").asInt());
    assertEquals(1, s.at("/run/kindsSeen").asInt());
    assertEquals(10800.0, s.at("/run/elapsedSeconds").asDouble());

    assertEquals(404, http.get("/api/integrations/jira-none").status());
    for (JsonNode i : http.get("/api/integrations").json().path("integrations")) {
      assertEquals(GH, i.path("identifier").asText(), "only the integration that reported");
    }
    assertEquals(0, http.get("/api/kinds?integration=jira-none").json().path("matched").asInt());
  }

  @Test
  void kindsOfEarlierRunsThatTheLastRunDidNotReportAreNotCountedAsSeen() {
    announce("run-1");
    kind("run-1", 0, "completed");
    kind("run-1", 9, "completed"); // a kind later removed from the configuration
    finish("run-1", "completed", 10);
    clock.advance(Duration.ofMinutes(1));
    announce("run-2");
    kind("run-2", 0, "completed");
    kind("run-2", 1, "completed");
    finish("run-2", "completed", 10);
    clock.advance(Duration.ofMinutes(1));
    announce("run-3");
    kind("run-3", 1, "completed");
    JsonNode s = integration();
    assertEquals(1, s.at("/run/kindsDone").asInt());
    assertEquals(2, s.at("/run/kindsSeen").asInt(), "kinds 0 and 1, not the removed kind 9");
  }
}
