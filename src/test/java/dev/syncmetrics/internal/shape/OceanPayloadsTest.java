package dev.syncmetrics.internal.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.MappingResult;
import dev.syncmetrics.mapping.Mappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A resync's payloads as each Ocean version sends them (src/test/resources/ocean), read as the
 * catalog reads them, then mapped by the seed guide's mappings and by the current guide's: every
 * property of the guide's two blueprints comes out right, with no mapping error, and what is not a
 * result (progress notices, {@code __reconciliation__}) is recognised and left alone.
 */
class OceanPayloadsTest {
  static final Path FIXTURES = Path.of("src/test/resources/ocean");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the guide's blueprints should hold after one resync of each Ocean version. */
  record Expected(
      String version,
      long runtimeDuration,
      String runtimeStatus,
      long[] pullRequest,
      String pullRequestStatus) {}

  static Stream<Arguments> versions() {
    List<Expected> all =
        List.of(
            new Expected("0.22.0", 13, "SUCCESS", new long[] {3, 40, 40, 40}, "SUCCESS"),
            new Expected("0.22.9", 24, "FAILED", new long[] {3, 40, 10, 10}, "FAILED"),
            new Expected("0.27.9", 23, "FAILED", new long[] {3, 40, 10, 10}, "FAILED"),
            new Expected("0.48.12", 34, "SUCCESS", new long[] {3, 40, 40, 38}, "SUCCESS"));
    return all.stream()
        .flatMap(e -> Stream.of(Arguments.of(e, "mappings"), Arguments.of(e, "current-guide")));
  }

  /** The fixture files of one version, in the order Ocean sends them. */
  static List<Path> payloads(String version) throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES.resolve(version))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** True for the files that are no result: progress notices and the reconciliation. */
  static boolean notAResult(Path file) {
    String name = file.getFileName().toString();
    return name.contains("-syncing")
        || name.contains("-reset")
        || name.contains("__reconciliation__");
  }

  @ParameterizedTest(name = "Ocean {0} through {1}")
  @MethodSource("versions")
  void everyPropertyOfTheGuidesBlueprintsIsFilledFromEveryOceanShape(Expected e, String set)
      throws IOException {
    Mappings mappings =
        Mappings.load(set.equals("mappings") ? Path.of("mappings") : Path.of("mappings", set));
    Map<String, Entity> stored = new LinkedHashMap<>();
    for (Path file : payloads(e.version())) {
      CanonicalPayload p = CanonicalPayload.of(JSON.readTree(file.toFile()));
      assertEquals(CanonicalPayload.Origin.OCEAN, p.origin(), file.toString());
      assertEquals(false, p.idsIdentifyDeliveries(), "Ocean's ids do not tell deliveries apart");
      if (notAResult(file)) {
        assertNotNull(p.notAResult(), file + " is not a result");
        continue;
      }
      assertNull(p.notAResult(), file + " is a result");
      MappingResult result = mappings.apply(p.body(), Map.of(), Map.of());
      assertEquals(List.of(), result.errors(), file.toString());
      for (Entity entity : result.upserts()) {
        stored.put(entity.blueprint() + "/" + entity.identifier(), entity);
      }
    }

    Entity integration = stored.get("integration/github-github-prod");
    assertNotNull(integration, stored.keySet().toString());
    assertEquals("github-prod", integration.title());
    assertWhole(e.runtimeDuration(), integration.properties().get("last_resync_duration"));
    assertEquals(
        e.runtimeStatus(), integration.properties().get("last_resync_completion_status").asText());
    assertTrue(integration.properties().get("last_resync_at").isTextual());

    assertKind(stored, "repository-0", "repository", new long[] {8, 120, 118, 117}, "SUCCESS");
    assertKind(stored, "pull-request-12", "pull-request", e.pullRequest(), e.pullRequestStatus());
    long kinds =
        stored.keySet().stream().filter(k -> k.startsWith("integration_kind_metrics/")).count();
    assertEquals(
        2, kinds, "no kind entity for __runtime__ or __reconciliation__: " + stored.keySet());
  }

  private static void assertKind(
      Map<String, Entity> stored, String id, String kind, long[] figures, String status) {
    Entity k = stored.get("integration_kind_metrics/" + id);
    assertNotNull(k, id + " in " + stored.keySet());
    JsonNode p = k.properties();
    assertEquals(id, k.title());
    assertEquals(kind, p.get("kind").asText());
    assertWhole(figures[0], p.get("duration"));
    assertWhole(figures[1], p.get("raw_objects"));
    assertWhole(figures[2], p.get("transformed_objects"));
    assertWhole(figures[3], p.get("entities_ingested"));
    assertEquals(status, p.get("last_completion_status").asText());
    assertTrue(p.get("last_sync_at").isTextual());
    assertEquals("github-github-prod", k.relations().get("integration").asText());
  }

  /** A float Ocean sent is shown as the number it is: 120, not 120.0. */
  private static void assertWhole(long expected, JsonNode actual) {
    assertNotNull(actual);
    assertTrue(actual.isIntegralNumber(), actual + " is a whole number");
    assertEquals(expected, actual.asLong());
  }
}
