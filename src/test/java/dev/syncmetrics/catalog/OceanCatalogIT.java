package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.testing.CatalogProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ocean, from 0.22.0 to 0.48, pointed at the catalog's {@code /webhook}
 * (OCEAN__METRICS__WEBHOOK_URL as docs/catalog.md gives it): one resync of each payload shape
 * (src/test/resources/ocean, built from Ocean's code) posted as Ocean posts it, to the catalog run
 * as a user runs it, with the seed guide's mappings and with the current guide's. The guide's two
 * blueprints, read through the API and the lists the dashboard reads, hold the right figures;
 * progress notices and {@code __reconciliation__} are acknowledged and map nothing; no mapping
 * error anywhere.
 */
class OceanCatalogIT {
  static final Path FIXTURES = Path.of("src/test/resources/ocean");

  /** Expected after each version's resync: runtime duration and status, pull-request figures. */
  record Version(String name, long duration, String status, long[] pullRequest, String prStatus) {}

  static final List<Version> VERSIONS =
      List.of(
          new Version("0.22.0", 13, "SUCCESS", new long[] {3, 40, 40, 40}, "SUCCESS"),
          new Version("0.22.9", 24, "FAILED", new long[] {3, 40, 10, 10}, "FAILED"),
          new Version("0.27.9", 23, "FAILED", new long[] {3, 40, 10, 10}, "FAILED"),
          new Version("0.48.12", 34, "SUCCESS", new long[] {3, 40, 40, 38}, "SUCCESS"));

  @TempDir Path dir;

  @ParameterizedTest(name = "mappings {0}")
  @ValueSource(strings = {"mappings", "mappings/current-guide"})
  void everyOceanVersionFillsTheGuidesBlueprints(String mappings) throws Exception {
    int ignored = 0;
    try (CatalogProcess catalog =
        CatalogProcess.start(
            dir.resolve("c.db").toString(), dir, Path.of(mappings), java.util.Map.of())) {
      TestHttp http = new TestHttp(catalog.baseUrl());
      for (Version v : VERSIONS) {
        for (Path file : files(v.name())) {
          TestHttp.Answer a =
              http.send("POST", "/webhook", "application/json", Files.readAllBytes(file));
          assertEquals(200, a.status(), file + ": " + a.body());
          JsonNode summary = a.json();
          assertEquals(0, summary.get("errors").size(), file + ": " + a.body());
          assertFalse(summary.get("duplicate").asBoolean(), file + ": " + a.body());
          String name = file.getFileName().toString();
          boolean notice =
              name.contains("-syncing") || name.contains("-reset") || name.contains("__reconc");
          assertEquals(notice, summary.has("ignored"), file + ": " + a.body());
          if (notice) {
            ignored++;
            assertEquals(0, summary.get("upserted").asInt(), file + ": " + a.body());
          } else {
            assertTrue(summary.get("upserted").asInt() >= 1, file + ": " + a.body());
          }
        }
        check(http, v);
      }
      String metrics = http.get("/metrics").body();
      assertTrue(
          metrics.contains(
              "catalog_webhooks_received_total{outcome=\"ignored\",} " + ignored + ".0"),
          metrics);
      assertTrue(metrics.contains("catalog_mapping_errors_total 0.0"), metrics);
    }
  }

  /** The entities after one version's resync, as the API and the dashboard's lists give them. */
  private static void check(TestHttp http, Version v) {
    String where = "Ocean " + v.name() + ": ";
    JsonNode integrations = http.get("/api/blueprints/integration/entities").json().get("entities");
    assertEquals(1, integrations.size(), where + integrations);
    JsonNode integration = integrations.get(0);
    assertEquals("github-github-prod", integration.get("identifier").asText());
    assertEquals("github-prod", integration.get("title").asText());
    JsonNode p = integration.get("properties");
    assertWhole(where, v.duration(), p.get("last_resync_duration"));
    assertEquals(v.status(), p.get("last_resync_completion_status").asText(), where);
    assertTrue(p.get("last_resync_at").isTextual(), where + p);
    assertEquals(
        integration,
        http.get("/api/blueprints/integration/entities/github-github-prod").json(),
        where + "the list and the entity agree");

    JsonNode kinds =
        http.get("/api/blueprints/integration_kind_metrics/entities").json().get("entities");
    List<String> ids = new ArrayList<>();
    kinds.forEach(k -> ids.add(k.get("identifier").asText()));
    assertEquals(List.of("pull-request-12", "repository-0"), ids, where + "no other kind");
    assertKind(where, kinds.get(1), "repository", new long[] {8, 120, 118, 117}, "SUCCESS");
    assertKind(where, kinds.get(0), "pull-request", v.pullRequest(), v.prStatus());

    // the duration chart reads each kind's history: every point a whole number of seconds
    JsonNode history =
        http.get("/api/blueprints/integration_kind_metrics/entities/repository-0/history")
            .json()
            .get("history");
    assertTrue(history.size() >= 1, where + history);
    history.forEach(h -> assertWhole(where, 8, h.get("properties").get("duration")));
  }

  private static void assertKind(
      String where, JsonNode k, String kind, long[] figures, String status) {
    JsonNode p = k.get("properties");
    assertEquals(k.get("identifier").asText(), k.get("title").asText(), where);
    assertEquals(kind, p.get("kind").asText(), where + p);
    assertWhole(where, figures[0], p.get("duration"));
    assertWhole(where, figures[1], p.get("raw_objects"));
    assertWhole(where, figures[2], p.get("transformed_objects"));
    assertWhole(where, figures[3], p.get("entities_ingested"));
    assertEquals(status, p.get("last_completion_status").asText(), where + p);
    assertTrue(p.get("last_sync_at").isTextual(), where + p);
    assertEquals("github-github-prod", k.get("relations").get("integration").asText(), where);
  }

  /** Ocean's floats are shown as the numbers they are: 120, not 120.0. */
  private static void assertWhole(String where, long expected, JsonNode actual) {
    assertTrue(actual != null && actual.isIntegralNumber(), where + actual + " is whole");
    assertEquals(expected, actual.asLong(), where);
  }

  private static List<Path> files(String version) throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES.resolve(version))) {
      return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }
}
