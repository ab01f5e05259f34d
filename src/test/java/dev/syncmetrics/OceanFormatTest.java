package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ocean format holds every key path of a payload Ocean 0.48 sends (src/test/resources/ocean/
 * 0.48.12), with the same JSON type (string, whole number, float), but for the figures of Ocean's
 * own process monitor that the reporter does not measure (docs/payload.md, "Formats").
 */
class OceanFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ocean's monitor figures with no counterpart here: its CPU, event loop and HTTP responses. */
  static final Set<String> NOT_MEASURED =
      Set.of(
          "/metrics/cpu_max_percent",
          "/metrics/cpu_median_percent",
          "/metrics/cpu_avg_percent",
          "/metrics/event_loop_latency_max_ms",
          "/metrics/event_loop_latency_median_ms",
          "/metrics/event_loop_latency_avg_ms",
          "/metrics/response_size_total_bytes",
          "/metrics/response_size_avg_bytes",
          "/metrics/response_size_median_bytes");

  @ParameterizedTest
  @CsvSource({"02-repository-0.json, repository-0", "06-__runtime__.json, __runtime__"})
  void everyKeyPathOfOceansPayloadIsThereWithItsType(String oceanFile, String kindIdentifier)
      throws Exception {
    JsonNode ocean = JSON.readTree(Path.of("src/test/resources/ocean/0.48.12", oceanFile).toFile());
    JsonNode ours = oursFor(kindIdentifier);
    Map<String, String> expected = new TreeMap<>();
    leaves("", ocean, expected);
    NOT_MEASURED.forEach(expected::remove);
    Map<String, String> actual = new TreeMap<>();
    leaves("", ours, actual);
    actual.keySet().retainAll(expected.keySet());
    assertEquals(expected, actual, "key paths and JSON types");
  }

  private static JsonNode oursFor(String kindIdentifier) throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-prod", "0.1.0")
                    .payloadFormat(PayloadFormat.OCEAN)
                    .build())
            .clock(clock)
            .heapProbe(() -> 104_857_600L)
            .build()) {
      SyncRun run = reporter.startRun();
      KindRecorder k = run.kind("repository", 0);
      try (PhaseTimer t = k.time(Phase.EXTRACT)) {
        k.extracted(120);
        clock.advance(Duration.ofMillis(8380));
      }
      for (Payload p : run.finish().payloads()) {
        if (p.kindIdentifier().equals(kindIdentifier)) {
          return JSON.readTree(p.body());
        }
      }
    }
    throw new AssertionError(kindIdentifier + " not written");
  }

  /** Each leaf's JSON pointer and type: string, integer (written without a point) or float. */
  private static void leaves(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> leaves(path + "/" + e.getKey(), e.getValue(), out));
    } else {
      out.put(
          path,
          node.isTextual()
              ? "string"
              : node.isIntegralNumber() ? "integer" : node.isNumber() ? "float" : "other");
    }
  }
}
