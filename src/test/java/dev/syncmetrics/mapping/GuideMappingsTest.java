package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed guide's two blueprints and two webhook mappings, as shipped verbatim in mappings/, turn
 * payloads into exactly the entities the guide describes.
 */
class GuideMappingsTest {
  private static final Path DIR = Path.of("mappings");

  private static Mappings guideOnly() throws IOException {
    return Mappings.builder()
        .blueprint("integration.json", read("blueprints/integration.json"))
        .blueprint(
            "integration_kind_metrics.json", read("blueprints/integration_kind_metrics.json"))
        .webhook("kind-metrics.json", read("webhooks/kind-metrics.json"))
        .webhook("runtime-status.json", read("webhooks/runtime-status.json"))
        .build();
  }

  private static String read(String file) throws IOException {
    return Files.readString(DIR.resolve(file));
  }

  @Test
  void kindPayloadBecomesOneKindMetricsEntityRelatedToItsIntegration() throws IOException {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MappingResult result =
        guideOnly()
            .apply(
                TestPayloads.kind("github", "github-prod", "repository", 0, 120, 118, 117, 3.6, 1),
                Map.of(),
                Map.of());
    Instant after = Instant.now();

    assertEquals(List.of(), result.errors());
    assertEquals(1, result.upserts().size());
    assertEquals(1, result.filteredOut(), "the runtime mapping filters the kind payload out");
    Entity kind = result.upserts().get(0);
    assertEquals("integration_kind_metrics", kind.blueprint());
    assertEquals("repository-0", kind.identifier());
    assertEquals("repository-0", kind.title());
    ObjectNode expected =
        TestPayloads.JSON
            .createObjectNode()
            .put("kind", "repository")
            .put("duration", 4)
            .put("raw_objects", 120)
            .put("transformed_objects", 118)
            .put("entities_ingested", 117)
            .put("last_completion_status", "SUCCESS");
    JsonNode lastSync = kind.properties().get("last_sync_at");
    ObjectNode withoutTime = kind.properties().deepCopy();
    withoutTime.remove("last_sync_at");
    assertEquals(expected.toString(), withoutTime.toString());
    Instant syncedAt = Instant.parse(lastSync.asText());
    assertFalse(syncedAt.isBefore(before), lastSync + " is the time of mapping");
    assertFalse(syncedAt.isAfter(after), lastSync + " is the time of mapping");
    assertEquals(
        TestPayloads.JSON.createObjectNode().put("integration", "github-github-prod"),
        kind.relations());
  }

  @Test
  void runtimePayloadBecomesTheIntegrationEntityAndIsFilteredOutOfTheKindMapping()
      throws IOException {
    MappingResult result =
        guideOnly().apply(TestPayloads.runtime("gitlab", "gitlab-eu", 8.38, 1), Map.of(), Map.of());

    assertEquals(List.of(), result.errors());
    assertEquals(1, result.filteredOut(), "the kind mapping filters __runtime__ out");
    assertEquals(1, result.upserts().size());
    Entity integration = result.upserts().get(0);
    assertEquals("integration", integration.blueprint());
    assertEquals("gitlab-gitlab-eu", integration.identifier());
    assertEquals("gitlab-eu", integration.title());
    assertEquals(8, integration.properties().get("last_resync_duration").asLong());
    assertTrue(integration.properties().get("last_resync_duration").isIntegralNumber());
    assertEquals("SUCCESS", integration.properties().get("last_resync_completion_status").asText());
    assertTrue(BlueprintSchema.isDateTime(integration.properties().get("last_resync_at").asText()));
    assertTrue(integration.relations().isEmpty());
  }

  @Test
  void failedKindAndFailedRunAreReportedAsFailed() throws IOException {
    Mappings mappings = guideOnly();
    Entity kind =
        mappings
            .apply(
                TestPayloads.kind("github", "github-prod", "merge-request", 12, 40, 10, 0, 2.0, 0),
                Map.of(),
                Map.of())
            .upserts()
            .get(0);
    Entity run =
        mappings
            .apply(TestPayloads.runtime("github", "github-prod", 2.0, 0), Map.of(), Map.of())
            .upserts()
            .get(0);

    assertEquals("merge-request-12", kind.identifier());
    assertEquals("FAILED", kind.properties().get("last_completion_status").asText());
    assertEquals("FAILED", run.properties().get("last_resync_completion_status").asText());
  }

  @Test
  void durationIsRoundedHalfAwayFromZeroAsJqDoes() throws IOException {
    Mappings mappings = guideOnly();
    for (double[] c : new double[][] {{2.5, 3}, {2.49, 2}, {0.2, 0}, {8.38, 8}, {59.5, 60}}) {
      Entity kind =
          mappings
              .apply(
                  TestPayloads.kind("t", "i", "repository", 0, 1, 1, 1, c[0], 1),
                  Map.of(),
                  Map.of())
              .upserts()
              .get(0);
      assertEquals(
          String.valueOf((long) c[1]),
          kind.properties().get("duration").toString(),
          "duration of " + c[0]);
    }
  }

  @Test
  void payloadsBuiltByTheReporterMapToTheGuidesEntities(@TempDir Path spool) throws IOException {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    Map<String, JsonNode> payloads = new LinkedHashMap<>();
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-prod", "1.4.0")
                    .spoolDir(spool)
                    .build())
            .clock(clock)
            .build()) {
      SyncRun run = reporter.startRun();
      KindRecorder repos = run.kind("repository", 0);
      timed(repos, Phase.EXTRACT, clock, 1_200, () -> repos.extracted(120));
      timed(repos, Phase.TRANSFORM, clock, 300, () -> repos.transformed(118));
      timed(repos, Phase.LOAD, clock, 2_100, () -> repos.loaded(117));
      KindRecorder mrs = run.kind("merge-request", 12);
      timed(mrs, Phase.EXTRACT, clock, 500, () -> mrs.extracted(40));
      mrs.fail(new IllegalStateException("boom"));
      ReportResult result = run.finish();
      for (Payload p : result.payloads()) {
        payloads.put(p.kindIdentifier(), TestPayloads.JSON.readTree(p.body()));
      }
    }
    assertEquals(
        List.of("repository-0", "merge-request-12", "__runtime__"), List.copyOf(payloads.keySet()));
    Mappings mappings = guideOnly();

    MappingResult repos = mappings.apply(payloads.get("repository-0"), Map.of(), Map.of());
    MappingResult mrs = mappings.apply(payloads.get("merge-request-12"), Map.of(), Map.of());
    MappingResult runtime = mappings.apply(payloads.get("__runtime__"), Map.of(), Map.of());

    for (MappingResult r : List.of(repos, mrs, runtime)) {
      assertEquals(List.of(), r.errors());
      assertEquals(1, r.upserts().size());
      assertEquals(1, r.filteredOut());
    }
    Entity repo = repos.upserts().get(0);
    assertEquals("repository-0", repo.identifier());
    assertEquals(120, repo.properties().get("raw_objects").asInt());
    assertEquals(118, repo.properties().get("transformed_objects").asInt());
    assertEquals(117, repo.properties().get("entities_ingested").asInt());
    assertEquals(4, repo.properties().get("duration").asInt(), "3.6 s rounded");
    assertEquals("SUCCESS", repo.properties().get("last_completion_status").asText());
    assertEquals("github-github-prod", repo.relations().get("integration").asText());
    assertEquals(
        "FAILED", mrs.upserts().get(0).properties().get("last_completion_status").asText());
    Entity integration = runtime.upserts().get(0);
    assertEquals("integration", integration.blueprint());
    assertEquals("github-github-prod", integration.identifier());
    assertEquals(
        "FAILED",
        integration.properties().get("last_resync_completion_status").asText(),
        "a failed kind fails the run");
  }

  @Test
  void ourPhaseMappingCarriesWhatTheGuideLeavesOut() {
    MappingResult result =
        Mappings.load(DIR)
            .webhook("kind-phase-metrics")
            .orElseThrow()
            .apply(
                TestPayloads.kind("github", "github-prod", "repository", 0, 120, 118, 117, 3.6, 1),
                Map.of(),
                Map.of());

    assertEquals(List.of(), result.errors());
    Entity e = result.upserts().get(0);
    assertEquals("integration_kind_phase_metrics", e.blueprint());
    assertEquals("github-github-prod-repository-0", e.identifier());
    assertEquals(1.2, e.properties().get("extract_duration_seconds").asDouble());
    assertEquals(0.3, e.properties().get("transform_duration_seconds").asDouble());
    assertEquals(2.1, e.properties().get("load_duration_seconds").asDouble());
    assertEquals(1, e.properties().get("filtered_out").asInt());
    assertEquals(1, e.properties().get("transform_failed").asInt());
    assertEquals(1, e.properties().get("load_failed").asInt());
    assertEquals(3, e.properties().get("deleted").asInt());
    assertEquals(52428800, e.properties().get("memory_usage_bytes").asLong());
    assertTrue(e.properties().get("success").asBoolean());
    assertEquals("repository-0", e.relations().get("kind_metrics").asText());
    assertEquals("github-github-prod", e.relations().get("integration").asText());
  }

  @Test
  void everyShippedMappingAppliesCleanlyToKindAndRuntimePayloads() {
    Mappings all = Mappings.load(DIR);
    assertEquals(
        List.of("kind-metrics", "kind-phase-metrics", "runtime-status"),
        List.copyOf(all.webhookNames()));
    MappingResult kind =
        all.apply(
            TestPayloads.kind("github", "github-prod", "repository", 0, 120, 118, 117, 3.6, 1),
            Map.of(),
            Map.of());
    MappingResult runtime =
        all.apply(TestPayloads.runtime("github", "github-prod", 8.38, 1), Map.of(), Map.of());
    assertEquals(List.of(), kind.errors());
    assertEquals(List.of(), runtime.errors());
    assertEquals(
        List.of("integration_kind_metrics", "integration_kind_phase_metrics"),
        kind.upserts().stream().map(Entity::blueprint).toList());
    assertEquals(
        List.of("integration_kind_phase_metrics", "integration"),
        runtime.upserts().stream().map(Entity::blueprint).toList());
  }

  private static void timed(
      KindRecorder kind, Phase phase, FakeClock clock, long millis, Runnable work) {
    try (PhaseTimer t = kind.time(phase)) {
      work.run();
      clock.advance(Duration.ofMillis(millis));
    }
  }
}
