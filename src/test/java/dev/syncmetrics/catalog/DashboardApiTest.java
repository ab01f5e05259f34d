package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.SamplePayloads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's read API (/api/integrations, /api/kinds, ranges on history) over webhooks posted
 * as a live reporter sends them: {@code __runtime__} with {@code syncing} at the start, each kind
 * with its own state as it ends, the final {@code __runtime__} last.
 */
class DashboardApiTest {
  static final String GH = "github-github-prod";
  static final String GL = "gitlab-gitlab-eu";
  static final String PHASE = "integration_kind_phase_metrics";

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
  CatalogServer catalog;
  TestHttp http;

  @BeforeEach
  void start() throws Exception {
    catalog =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .clock(clock)
            .stalledFactor(3)
            .stalledMinimum(Duration.ofSeconds(30))
            .build()
            .start();
    http = new TestHttp(catalog.url());
  }

  @AfterEach
  void stop() {
    catalog.close();
  }

  void post(SamplePayloads payload) {
    new LiveFixture(http).post(payload);
  }

  static SamplePayloads kind(String event, String name, int index, String state) {
    return SamplePayloads.kind(event, "github", "github-prod", name, index)
        .syncState(state)
        .success(state.equals("completed"));
  }

  static SamplePayloads runtime(String event, String state, boolean success) {
    return SamplePayloads.runtime(event, "github", "github-prod").syncState(state).success(success);
  }

  /** A whole run of three kinds taking {@code seconds}, 10 s apart from one kind to the next. */
  void run(String event, double seconds) {
    post(runtime(event, "syncing", false).duration(0));
    clock.advance(Duration.ofSeconds(1));
    for (String[] k : new String[][] {{"repository", "0"}, {"issue", "2"}, {"user", "1"}}) {
      post(
          kind(event, k[0], Integer.parseInt(k[1]), "completed")
              .counts(1568, 1443, 181)
              .breakdown(77, 48, 0, 1262, 3)
              .phaseSeconds(0.12, 0.2, 0.05)
              .duration(0.42));
    }
    post(runtime(event, "completed", true).duration(seconds));
  }

  JsonNode get(String path) {
    TestHttp.Answer a = http.get(path);
    assertEquals(200, a.status(), path + ": " + a.body());
    return a.json();
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(field).asText())) {
        return n;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + array);
  }

  @Test
  void kindsCarryEveryCountAndTheirPreciseDurations() {
    run("run-1", 4.2);

    JsonNode kinds = get("/api/kinds").get("kinds");
    JsonNode issue = find(kinds, "identifier", GH + "-issue-2");
    assertEquals(PHASE, issue.get("blueprint").asText());
    assertEquals(GH, issue.get("integration").asText());
    assertEquals("SUCCESS", issue.get("status").asText());
    assertEquals(0.42, issue.at("/seconds/resync").asDouble());
    assertEquals(0.12, issue.at("/seconds/extract").asDouble());
    JsonNode counts = issue.get("counts");
    assertEquals(1568, counts.get("raw").asLong());
    assertEquals(77, counts.get("filtered").asLong());
    assertEquals(48, counts.get("transformFailed").asLong());
    assertEquals(1443, counts.get("transformed").asLong());
    assertEquals(1262, counts.get("skipped").asLong());
    assertEquals(181, counts.get("loaded").asLong());
    assertEquals(0, counts.get("loadFailed").asLong());
    assertEquals(3, counts.get("deleted").asLong());
    assertEquals(
        List.of(GH + "-repository-0", GH + "-user-1", GH + "-issue-2"),
        ids(kinds),
        "by integration, then the kind's index; __runtime__ is no kind");
  }

  static List<String> ids(JsonNode kinds) {
    List<String> out = new ArrayList<>();
    kinds.forEach(k -> out.add(k.get("identifier").asText()));
    return out;
  }

  @Test
  void kindsAreFilteredAndPagedOnTheServerAndSayHowManyMatched() {
    run("run-1", 4.2);
    post(
        SamplePayloads.kind("gl-1", "gitlab", "gitlab-eu", "merge-request", 3)
            .syncState("failed")
            .success(false)
            .counts(80, 70, 60));
    post(
        SamplePayloads.kind("gl-1", "gitlab", "gitlab-eu", "pipeline", 4)
            .syncState("aborted")
            .success(false));

    JsonNode all = get("/api/kinds?limit=2");
    assertEquals(5, all.get("total").asInt());
    assertEquals(5, all.get("matched").asInt());
    assertEquals(2, all.get("kinds").size());
    assertEquals(List.of(GH, GL), textList(all.get("integrations")));
    assertEquals(3, all.at("/statuses/SUCCESS").asInt());
    assertEquals(1, all.at("/statuses/FAILED").asInt());
    assertEquals(1, all.at("/statuses/ABORTED").asInt());

    JsonNode second = get("/api/kinds?limit=2&offset=2");
    assertEquals(List.of(GH + "-issue-2", GL + "-merge-request-3"), ids(second.get("kinds")));

    JsonNode gitlab = get("/api/kinds?integration=" + GL);
    assertEquals(2, gitlab.get("matched").asInt());
    assertEquals(5, gitlab.get("total").asInt());

    JsonNode aborted = get("/api/kinds?status=aborted");
    assertEquals(List.of(GL + "-pipeline-4"), ids(aborted.get("kinds")));
    assertEquals("ABORTED", aborted.at("/kinds/0/status").asText());

    assertEquals(List.of(GH + "-issue-2"), ids(get("/api/kinds?q=ISSUE").get("kinds")));
    assertEquals(0, get("/api/kinds?q=nothing-like-this").get("matched").asInt());
  }

  static List<String> field(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(name).asText()));
    return out;
  }

  static List<String> textList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void badQueryParametersAreRefusedNamingTheParameter() {
    run("run-1", 1);
    assertRefused("/api/kinds?status=GREEN", "status must be one of SUCCESS, FAILED, ABORTED");
    assertRefused("/api/kinds?range=2h", "range must be one of 1h, 24h, 7d, 30d");
    assertRefused("/api/kinds?offset=-1", "offset must be a whole number");
    assertRefused("/api/kinds?limit=501", "limit must be a whole number from 1 to 500");
    assertRefused(
        "/api/integrations/" + GH + "/runs?since=yesterday", "since must be an ISO-8601 instant");
    assertRefused(
        "/api/blueprints/integration/entities/" + GH + "/history?until=2026-11-21T00:00:00Z",
        "until needs since");
    assertEquals(404, http.get("/api/integrations/nobody").status());
    assertEquals(404, http.get("/api/kinds/integration/" + GH).status());
  }

  void assertRefused(String path, String message) {
    TestHttp.Answer a = http.get(path);
    assertEquals(400, a.status(), a.body());
    assertTrue(a.json().get("error").asText().startsWith(message), a.body());
  }

  @Test
  void theTrendOfAPageOfKindsComesInOneAnswerForTheRangeAsked() {
    run("run-1", 4.2);
    clock.advance(Duration.ofHours(3));
    run("run-2", 4.0);
    clock.advance(Duration.ofMinutes(5));

    JsonNode day = find(get("/api/kinds?range=24h").get("kinds"), "identifier", GH + "-issue-2");
    assertEquals(2, day.get("trend").size());
    assertEquals(0.42, day.at("/trend/0/seconds").asDouble());
    JsonNode hour = find(get("/api/kinds?range=1h").get("kinds"), "identifier", GH + "-issue-2");
    assertEquals(1, hour.get("trend").size());
    assertEquals("1h", get("/api/kinds?range=1h").at("/range/name").asText());
  }

  @Test
  void anIntegrationIsSyncingWithKindsDoneAndElapsedThenStalledThenDone() {
    run("run-1", 20);
    clock.advance(Duration.ofMinutes(10));
    post(runtime("run-2", "syncing", false));
    clock.advance(Duration.ofSeconds(5));
    post(kind("run-2", "repository", 0, "completed").counts(10, 10, 10).duration(0.3));
    clock.advance(Duration.ofSeconds(7));

    JsonNode gh = find(get("/api/integrations").get("integrations"), "identifier", GH);
    assertEquals("SYNCING", gh.get("status").asText());
    assertEquals(1, gh.at("/run/kindsDone").asInt());
    assertEquals(3, gh.at("/run/kindsSeen").asInt());
    assertEquals(12.0, gh.at("/run/elapsedSeconds").asDouble());
    assertEquals(60.0, gh.at("/run/stalledAfterSeconds").asDouble(), "3 x the last run's 20 s");
    assertEquals(20.0, gh.at("/lastRun/durationSeconds").asDouble());
    assertEquals("SUCCESS", gh.at("/lastRun/status").asText());
    assertEquals(
        "FAILED",
        get("/api/blueprints/integration/entities/" + GH)
            .at("/properties/last_resync_completion_status")
            .asText(),
        "the seed guide's entity says FAILED while a run is under way; the dashboard does not");

    clock.advance(Duration.ofSeconds(49));
    assertEquals("STALLED", get("/api/integrations/" + GH).get("status").asText());

    post(kind("run-2", "issue", 2, "failed").counts(5, 4, 3));
    post(kind("run-2", "user", 1, "aborted"));
    post(runtime("run-2", "aborted", false).duration(70));
    JsonNode done = get("/api/integrations/" + GH);
    assertEquals("ABORTED", done.get("status").asText());
    assertTrue(done.get("run") == null || done.get("run").isNull(), done.toString());
    assertEquals(70.0, done.at("/lastRun/durationSeconds").asDouble());
    assertEquals(2, done.get("kindsFailed").asInt());
    assertEquals(GH, done.at("/entity/identifier").asText());
  }

  @Test
  void aRunUnderWayIsNotStalledBeforeTheMinimum() {
    run("run-1", 2);
    post(runtime("run-2", "syncing", false));
    clock.advance(Duration.ofSeconds(29));
    assertEquals("SYNCING", get("/api/integrations/" + GH).get("status").asText());
    clock.advance(Duration.ofSeconds(2));
    assertEquals("STALLED", get("/api/integrations/" + GH).get("status").asText());
  }

  @Test
  void aFirstRunUnderWayIsNeverStalled() {
    post(runtime("run-1", "syncing", false));
    clock.advance(Duration.ofDays(2));
    JsonNode gh = get("/api/integrations/" + GH);
    assertEquals("SYNCING", gh.get("status").asText());
    assertTrue(gh.at("/run/stalledAfterSeconds").isNull());
  }

  @Test
  void runsListNewestFirstWithKindOutcomesAndFailures() {
    run("run-1", 4.2);
    clock.advance(Duration.ofMinutes(1));
    post(runtime("run-2", "syncing", false));
    post(kind("run-2", "repository", 0, "completed").counts(1, 1, 1));
    post(kind("run-2", "issue", 2, "failed").counts(100, 90, 80).breakdown(0, 10, 5, 0, 0));
    post(kind("run-2", "user", 1, "aborted"));
    post(runtime("run-2", "aborted", false).duration(3.1));
    clock.advance(Duration.ofMinutes(1));
    post(runtime("run-3", "syncing", false));
    post(kind("run-3", "repository", 0, "completed").counts(1, 1, 1));

    JsonNode runs = get("/api/integrations/" + GH + "/runs").get("runs");
    assertEquals(List.of("run-3", "run-2", "run-1"), field(runs, "eventId"));
    assertEquals("SYNCING", runs.at("/0/status").asText());
    assertEquals(1, runs.at("/0/kindsOk").asInt());
    JsonNode aborted = runs.get(1);
    assertEquals("ABORTED", aborted.get("status").asText());
    assertEquals(3.1, aborted.get("durationSeconds").asDouble());
    assertEquals(1, aborted.get("kindsOk").asInt());
    assertEquals(1, aborted.get("kindsFailed").asInt());
    assertEquals(1, aborted.get("kindsAborted").asInt());
    JsonNode issue = find(aborted.get("failures"), "identifier", GH + "-issue-2");
    assertEquals("FAILED", issue.get("status").asText());
    assertEquals(10, issue.at("/counts/transformFailed").asInt());
    assertEquals(5, issue.at("/counts/loadFailed").asInt());
    assertEquals("SUCCESS", runs.at("/2/status").asText());
    assertEquals(3, runs.at("/2/kindsOk").asInt());
    assertEquals("2026-11-21T10:00:00Z", runs.at("/2/startedAt").asText());

    assertEquals(1, get("/api/integrations/" + GH + "/runs?limit=1").get("runs").size());
  }

  @Test
  void oneKindHasItsCountsAndPhaseDurationsOverTheRange() {
    run("run-1", 4.2);
    clock.advance(Duration.ofHours(2));
    run("run-2", 4.2);

    JsonNode kind = get("/api/kinds/" + PHASE + "/" + GH + "-issue-2?range=24h");
    assertEquals("issue", kind.at("/kind/kind").asText());
    assertEquals(2, kind.get("series").size());
    assertEquals(1262, kind.at("/series/0/counts/skipped").asInt());
    assertEquals(0.2, kind.at("/series/0/seconds/transform").asDouble());
    assertEquals("run-2", kind.at("/runs/0/eventId").asText(), "runs newest first");
    assertEquals(
        1, get("/api/kinds/" + PHASE + "/" + GH + "-issue-2?range=1h").get("series").size());
  }

  @Test
  void entityHistoryCanBeAskedForATimeRange() {
    run("run-1", 4.2);
    clock.advance(Duration.ofDays(2));
    run("run-2", 4.2);
    String path = "/api/blueprints/" + PHASE + "/entities/" + GH + "-issue-2/history";

    assertEquals(2, get(path).get("history").size());
    assertEquals(1, get(path + "?range=24h").get("history").size());
    assertEquals(2, get(path + "?range=7d").get("history").size());
    assertEquals(
        1,
        get(path + "?since=2026-11-21T00:00:00Z&until=2026-11-22T00:00:00Z").get("history").size());
  }

  @Test
  void theDashboardsPagesAreServedAtTheirOwnAddresses() {
    for (String page :
        List.of("/", "/integrations/" + GH, "/kinds/" + PHASE + "/a%2Fb", "/entities/x/y")) {
      TestHttp.Answer a = http.get(page);
      assertEquals(200, a.status(), page);
      assertTrue(a.body().contains("<title>"), page);
    }
  }
}
