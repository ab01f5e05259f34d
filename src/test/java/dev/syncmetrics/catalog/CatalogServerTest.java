package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogServerTest {
  static final String TOKEN = "api-token-123";

  @TempDir Path dir;
  CatalogServer server;
  TestHttp http;

  @BeforeEach
  void start() throws IOException {
    server =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .apiToken(TOKEN)
            .build()
            .start();
    http = new TestHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String kind(String eventId, int raw) {
    return SamplePayloads.kind(eventId, "github", "github-prod", "repository", 0)
        .counts(raw, raw - 2, raw - 3)
        .duration(8.38)
        .success(true)
        .json();
  }

  @Test
  void aWebhookIsMappedStoredAndReadableThroughTheApi() {
    TestHttp.Answer answer = http.postJson("/webhook", kind("run-1", 120));

    assertEquals(200, answer.status(), answer.body());
    JsonNode summary = answer.json();
    // the kind's metrics and its phase metrics; the runtime mapping filters it out
    assertEquals(2, summary.get("upserted").asInt());
    assertEquals(1, summary.get("filteredOut").asInt());
    assertEquals(0, summary.get("errors").size());
    assertFalse(summary.get("duplicate").asBoolean());

    JsonNode entity =
        http.get("/api/blueprints/integration_kind_metrics/entities/repository-0").json();
    assertEquals(120, entity.at("/properties/raw_objects").asInt());
    assertEquals(118, entity.at("/properties/transformed_objects").asInt());
    assertEquals(117, entity.at("/properties/entities_ingested").asInt());
    assertEquals(8, entity.at("/properties/duration").asInt());
    assertEquals("github-github-prod", entity.at("/relations/integration").asText());

    JsonNode list = http.get("/api/blueprints/integration_kind_metrics/entities").json();
    assertEquals(1, list.get("entities").size());
  }

  @Test
  void theSameEventDeliveredTwiceAddsHistoryOnce() {
    http.postJson("/webhook", kind("run-1", 120));
    TestHttp.Answer again = http.postJson("/webhook", kind("run-1", 999));
    http.postJson("/webhook", kind("run-2", 130));

    assertEquals(200, again.status());
    assertTrue(again.json().get("duplicate").asBoolean());
    JsonNode history =
        http.get("/api/blueprints/integration_kind_metrics/entities/repository-0/history").json();
    assertEquals(2, history.get("history").size());
    assertEquals(130, history.at("/history/0/properties/raw_objects").asInt());
    assertEquals(120, history.at("/history/1/properties/raw_objects").asInt());
    JsonNode limited =
        http.get("/api/blueprints/integration_kind_metrics/entities/repository-0/history?limit=1")
            .json();
    assertEquals(1, limited.get("history").size());
  }

  @Test
  void oceansPayloadsAreNeverTakenForDuplicatesAndItsNoticesMapNothing() throws Exception {
    // Ocean 0.22.9 sends a kind of one resync under way, then done, with the same event_id and
    // kind_identifier, and never retries: the result must not be dropped as a duplicate
    Path ocean = Path.of("src/test/resources/ocean/0.22.9");
    TestHttp.Answer syncing =
        http.postJson("/webhook", Files.readString(ocean.resolve("04-repository-0-syncing.json")));
    String result = Files.readString(ocean.resolve("05-repository-0.json"));
    TestHttp.Answer first = http.postJson("/webhook", result);
    TestHttp.Answer again = http.postJson("/webhook", result);

    assertTrue(syncing.json().get("ignored").asText().contains("still under way"), syncing.body());
    assertEquals(0, syncing.json().get("upserted").asInt());
    assertFalse(first.json().get("duplicate").asBoolean(), first.body());
    assertFalse(again.json().get("duplicate").asBoolean(), again.body());
    assertEquals(2, first.json().get("upserted").asInt(), first.body());
    JsonNode entity =
        http.get("/api/blueprints/integration_kind_metrics/entities/repository-0").json();
    assertEquals(120, entity.at("/properties/raw_objects").asInt());
    assertTrue(
        http.get("/metrics")
            .body()
            .contains("catalog_webhooks_received_total{outcome=\"ignored\",} 1.0"));
  }

  @Test
  void theIdempotencyKeyHeaderWinsOverTheBody() {
    http.postJson("/webhook", kind("run-1", 120), "Idempotency-Key", "delivery-7");
    TestHttp.Answer again =
        http.postJson("/webhook", kind("run-2", 130), "Idempotency-Key", "delivery-7");

    assertTrue(again.json().get("duplicate").asBoolean());
  }

  @Test
  void mappingErrorsAreReportedAndCounted() {
    // round fails on a string: the seed mapping's duration cannot be computed
    String broken =
        kind("run-1", 120).replace("\"duration_seconds\":8.38", "\"duration_seconds\":\"slow\"");
    TestHttp.Answer answer = http.postJson("/webhook", broken);

    assertEquals(200, answer.status());
    JsonNode error = answer.json().at("/errors/0");
    assertTrue(error.get("file").asText().endsWith("kind-metrics.json"), error.toString());
    assertTrue(error.get("path").asText().contains("duration"), error.toString());
    // and the phase metrics mapping finds a string where its blueprint wants a number
    assertEquals(2, answer.json().get("errors").size(), answer.body());
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("catalog_mapping_errors_total 2.0"), metrics);
    assertTrue(
        metrics.contains("catalog_webhooks_received_total{outcome=\"accepted_with_errors\",} 1.0"),
        metrics);
  }

  @Test
  void aNamedWebhookAppliesOnlyItsOwnMappings() {
    String runtime = SamplePayloads.runtime("run-1", "github", "github-prod").duration(9).json();

    assertEquals(0, http.postJson("/webhook/kind-metrics", runtime).json().get("upserted").asInt());
    assertEquals(
        1, http.postJson("/webhook/runtime-status", runtime).json().get("upserted").asInt());
    assertEquals(2, http.postJson("/webhook", runtime).json().get("upserted").asInt());
    assertEquals(404, http.postJson("/webhook/nope", runtime).status());
  }

  @Test
  void blueprintsAreListedWithTheirEntityCounts() {
    http.postJson("/webhook", kind("run-1", 120));

    JsonNode blueprints = http.get("/api/blueprints").json().get("blueprints");
    assertEquals(3, blueprints.size());
    assertEquals("integration", blueprints.at("/0/identifier").asText());
    assertEquals(0, blueprints.at("/0/entities").asInt());
    assertEquals("integration_kind_metrics", blueprints.at("/1/identifier").asText());
    assertEquals(1, blueprints.at("/1/entities").asInt());
    assertEquals("integration_kind_phase_metrics", blueprints.at("/2/identifier").asText());
    assertEquals(1, blueprints.at("/2/entities").asInt());
    assertEquals(
        "number", blueprints.at("/1/definition/schema/properties/raw_objects/type").asText());
  }

  @Test
  void theWriteApiUpsertsOneOrABatchWithTheToken() {
    String one =
        "{\"identifier\":\"gitlab-x\",\"title\":\"x\",\"properties\":"
            + "{\"last_resync_duration\":3},\"relations\":{}}";
    String batch = "[{\"identifier\":\"a\"},{\"identifier\":\"b\",\"team\":\"platform\"}]";

    assertEquals(401, http.postJson("/api/blueprints/integration/entities", one).status());
    assertEquals(
        401,
        http.postJson("/api/blueprints/integration/entities", one, "Authorization", "Bearer wrong")
            .status());
    TestHttp.Answer ok =
        http.postJson(
            "/api/blueprints/integration/entities", one, "Authorization", "Bearer " + TOKEN);
    TestHttp.Answer many =
        http.postJson(
            "/api/blueprints/integration/entities", batch, "Authorization", "Bearer " + TOKEN);

    assertEquals(200, ok.status(), ok.body());
    assertEquals(2, many.json().get("upserted").asInt());
    assertEquals(3, http.get("/api/blueprints/integration/entities").json().get("entities").size());
    assertEquals(
        "platform", http.get("/api/blueprints/integration/entities/b").json().get("team").asText());
  }

  @Test
  void theWriteApiChecksFieldsAndPropertyTypes() {
    TestHttp.Answer noId =
        http.postJson(
            "/api/blueprints/integration/entities",
            "{\"title\":\"x\"}",
            "Authorization",
            "Bearer " + TOKEN);
    TestHttp.Answer wrongType =
        http.postJson(
            "/api/blueprints/integration/entities",
            "[{\"identifier\":\"a\"},"
                + "{\"identifier\":\"b\",\"properties\":{\"last_resync_duration\":\"slow\"}}]",
            "Authorization",
            "Bearer " + TOKEN);
    TestHttp.Answer unknown =
        http.postJson(
            "/api/blueprints/nope/entities",
            "{\"identifier\":\"a\"}",
            "Authorization",
            "Bearer " + TOKEN);

    assertEquals(400, noId.status());
    assertEquals("entity.identifier must be a non-empty string", noId.json().get("error").asText());
    assertEquals(400, wrongType.status());
    assertTrue(
        wrongType.json().get("error").asText().contains("[1].properties.last_resync_duration"));
    assertEquals(404, unknown.status());
    assertEquals(0, http.get("/api/blueprints/integration/entities").json().get("entities").size());
  }

  @Test
  void deleteRemovesAnEntityWithTheToken() {
    http.postJson("/webhook", kind("run-1", 120));
    String path = "/api/blueprints/integration_kind_metrics/entities/repository-0";

    assertEquals(401, http.send("DELETE", path, null, new byte[0]).status());
    assertEquals(
        200,
        http.send("DELETE", path, null, new byte[0], "Authorization", "Bearer " + TOKEN).status());
    assertEquals(404, http.get(path).status());
    assertEquals(
        404,
        http.send("DELETE", path, null, new byte[0], "Authorization", "Bearer " + TOKEN).status());
  }

  @Test
  void identifiersWithSlashesAndSpacesWorkWhenEncoded() {
    String id = "team a/repo #1";
    http.postJson(
        "/api/blueprints/integration/entities",
        "{\"identifier\":\"" + id + "\"}",
        "Authorization",
        "Bearer " + TOKEN);

    TestHttp.Answer answer =
        http.get("/api/blueprints/integration/entities/team%20a%2Frepo%20%231");
    assertEquals(200, answer.status(), answer.body());
    assertEquals(id, answer.json().get("identifier").asText());
  }

  @Test
  void healthAndMetricsAnswer() {
    http.postJson("/webhook", kind("run-1", 120));

    assertEquals("ok", http.get("/healthz").json().get("status").asText());
    TestHttp.Answer metrics = http.get("/metrics");
    assertTrue(metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    assertTrue(
        metrics
            .body()
            .contains(
                "catalog_entities_upserted_total{blueprint=\"integration_kind_metrics\","
                    + "source=\"webhook\",} 1.0"),
        metrics.body());
    assertTrue(
        metrics.body().contains("catalog_http_request_duration_seconds_bucket{route=\"/webhook\""),
        metrics.body());
  }

  @Test
  void theDashboardAndChartJsAreServedFromTheJar() {
    TestHttp.Answer page = http.get("/");
    TestHttp.Answer script = http.get("/webjars/chart.js/4.4.1/dist/chart.umd.js");

    assertEquals(200, page.status());
    assertTrue(page.body().contains("<main id=\"page\">"), page.body());
    assertTrue(page.body().contains("src=\"/assets/dashboard.js\" type=\"module\""));
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
    for (String module : List.of("dashboard", "format", "dom", "charts", "api", "kinds")) {
      assertEquals(200, http.get("/assets/" + module + ".js").status(), module);
    }
    assertEquals(200, script.status());
    assertTrue(script.header("Content-Type").startsWith("text/javascript"));
  }

  @Test
  void noPathLeavesTheDashboardFolders() {
    // 404 from the static files, or 400 from the HTTP server for a path that climbs above "/"
    for (String path :
        List.of(
            "/assets/..%2F..%2Fdev/syncmetrics/internal/cli/Main.class",
            "/assets/%2E%2E/%2E%2E/META-INF/MANIFEST.MF",
            "/webjars/../catalog/index.html",
            "/assets/nope.js",
            "/assets/")) {
      TestHttp.Answer answer = http.get(path);
      assertTrue(answer.status() == 404 || answer.status() == 400, path + ": " + answer.status());
      assertTrue(answer.json().has("error"), path + ": " + answer.body());
    }
  }
}
