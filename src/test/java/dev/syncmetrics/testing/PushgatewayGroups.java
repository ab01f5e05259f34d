package dev.syncmetrics.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a Pushgateway's groups through {@code GET /api/v1/metrics}.
 *
 * <pre>{@code
 * Map<String, Double> m = PushgatewayGroups.samples(pg.baseUrl(), "github-prod");
 * m.get("sync_success{kind=__runtime__}");   // grouping labels and empty labels left out
 * m.get("push_failure_time_seconds{}");
 * }</pre>
 */
public final class PushgatewayGroups {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GROUPING =
      Set.of("job", "integration_type", "integration_identifier", "instance");

  private PushgatewayGroups() {}

  /**
   * Every sample of the groups of {@code integrationIdentifier}, keyed {@code
   * name{label=value,...}}.
   */
  public static Map<String, Double> samples(String baseUrl, String integrationIdentifier) {
    JsonNode root;
    try {
      root = JSON.readTree(URI.create(baseUrl + "/api/v1/metrics").toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Double> out = new HashMap<>();
    for (JsonNode group : root.path("data")) {
      if (!integrationIdentifier.equals(
          group.path("labels").path("integration_identifier").asText())) {
        continue;
      }
      group
          .fields()
          .forEachRemaining(
              family -> {
                if (family.getKey().equals("labels")) {
                  return;
                }
                for (JsonNode metric : family.getValue().path("metrics")) {
                  TreeMap<String, String> labels = new TreeMap<>();
                  metric
                      .path("labels")
                      .fields()
                      .forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
                  labels.keySet().removeAll(GROUPING);
                  labels.values().removeIf(String::isEmpty);
                  StringBuilder key = new StringBuilder(family.getKey()).append('{');
                  labels.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
                  if (!labels.isEmpty()) {
                    key.setLength(key.length() - 1);
                  }
                  out.put(
                      key.append('}').toString(),
                      Double.parseDouble(metric.path("value").asText()));
                }
              });
    }
    return out;
  }
}
