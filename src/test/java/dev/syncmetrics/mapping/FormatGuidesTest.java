package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each payload format, applied exactly as sent (as the catalog vendor applies it), to the guide it
 * is for: the seed format to the seed guide's mappings in mappings/, the ocean format to the
 * current guide's in mappings/current-guide/. Every property of every entity comes out right, with
 * no mapping error, for a normal kind, a failed kind, an empty kind and {@code __runtime__}.
 */
class FormatGuidesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Mappings guide(PayloadFormat format) {
    if (format == PayloadFormat.OCEAN) {
      return Mappings.load(Path.of("mappings", "current-guide"));
    }
    // the seed guide's four files only (mappings/ also holds our phase-metrics blueprint)
    Mappings.Builder b = Mappings.builder();
    try {
      for (String f : List.of("integration.json", "integration_kind_metrics.json")) {
        b.blueprint(f, java.nio.file.Files.readString(Path.of("mappings", "blueprints", f)));
      }
      for (String f : List.of("kind-metrics.json", "runtime-status.json")) {
        b.webhook(f, java.nio.file.Files.readString(Path.of("mappings", "webhooks", f)));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.build();
  }

  private static List<Payload> sync(PayloadFormat format) {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-prod", "1.4.0")
                    .payloadFormat(format)
                    .build())
            .clock(clock)
            .heapProbe(() -> 52_428_800L)
            .build()) {
      SyncRun run = reporter.startRun();
      KindRecorder repos = run.kind("repository", 0);
      step(repos, Phase.EXTRACT, clock, 1200, () -> repos.extracted(120));
      step(
          repos,
          Phase.TRANSFORM,
          clock,
          300,
          () -> {
            repos.transformed(118);
            repos.filteredOut(1);
            repos.transformFailed(1);
          });
      step(repos, Phase.LOAD, clock, 2100, () -> repos.loaded(117));
      repos.complete();
      KindRecorder mrs = run.kind("merge-request", 12);
      step(mrs, Phase.EXTRACT, clock, 500, () -> mrs.extracted(40));
      step(mrs, Phase.TRANSFORM, clock, 1600, () -> mrs.transformed(10));
      mrs.fail("too many bad records");
      run.kind("user", 3);
      return run.finish().payloads();
    }
  }

  private static void step(
      KindRecorder kind, Phase phase, FakeClock clock, long millis, Runnable work) {
    try (PhaseTimer t = kind.time(phase)) {
      work.run();
      clock.advance(Duration.ofMillis(millis));
    }
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void theGuideOfTheFormatFillsEveryPropertyFromThePayloadsAsSent(PayloadFormat format)
      throws Exception {
    Mappings mappings = guide(format);
    Map<String, Entity> entities = new HashMap<>();
    for (Payload p : sync(format)) {
      MappingResult result = mappings.apply(JSON.readTree(p.body()), Map.of(), Map.of());
      assertEquals(List.of(), result.errors(), p.kindIdentifier());
      assertEquals(1, result.upserts().size(), p.kindIdentifier());
      assertEquals(1, result.filteredOut(), "the other mapping filters it out");
      Entity e = result.upserts().get(0);
      entities.put(e.identifier(), e);
    }

    assertKind(entities.get("repository-0"), "repository", 4, 120, 118, 117, "SUCCESS");
    assertKind(entities.get("merge-request-12"), "merge-request", 2, 40, 10, 0, "FAILED");
    assertKind(entities.get("user-3"), "user", 0, 0, 0, 0, "SUCCESS");
    Entity integration = entities.get("github-github-prod");
    assertEquals("integration", integration.blueprint());
    assertEquals("github-prod", integration.title());
    JsonNode p = integration.properties();
    assertEquals(3, p.size(), p.toString());
    assertWhole(6, p.get("last_resync_duration"));
    assertEquals("FAILED", p.get("last_resync_completion_status").asText());
    assertTrue(BlueprintSchema.isDateTime(p.get("last_resync_at").asText()));
    assertTrue(integration.relations().isEmpty());
  }

  private static void assertKind(
      Entity e, String kind, long duration, long raw, long transformed, long ingested, String ok) {
    assertNotNull(e);
    assertEquals("integration_kind_metrics", e.blueprint());
    assertEquals(e.identifier(), e.title());
    JsonNode p = e.properties();
    assertEquals(7, p.size(), p.toString());
    assertEquals(kind, p.get("kind").asText());
    assertWhole(duration, p.get("duration"));
    assertWhole(raw, p.get("raw_objects"));
    assertWhole(transformed, p.get("transformed_objects"));
    assertWhole(ingested, p.get("entities_ingested"));
    assertEquals(ok, p.get("last_completion_status").asText());
    assertTrue(BlueprintSchema.isDateTime(p.get("last_sync_at").asText()));
    assertEquals("github-github-prod", e.relations().get("integration").asText());
  }

  private static void assertWhole(long expected, JsonNode actual) {
    assertTrue(actual != null && actual.isIntegralNumber(), actual + " is a whole number");
    assertEquals(expected, actual.asLong());
  }
}
