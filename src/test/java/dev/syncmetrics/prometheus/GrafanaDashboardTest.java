package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboard is import-ready and consistent with itself. */
class GrafanaDashboardTest {

  @Test
  void isADashboardOfARecentSchemaWithAStableUid() throws Exception {
    JsonNode json = GrafanaDashboard.load().json;
    int schema = json.path("schemaVersion").asInt();
    assertTrue(schema >= 36 && schema <= 39, "schemaVersion " + schema);
    assertEquals("syncmetrics", json.path("uid").asText());
    assertFalse(json.path("title").asText().isBlank());
    // an exported dashboard has no database id, or Grafana refuses the import as a conflict
    assertTrue(json.path("id").isNull() || json.path("id").isMissingNode());
  }

  @Test
  void choosesItsPrometheusAndFiltersByIntegrationAndKind() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    JsonNode datasource = dashboard.json.path("templating").path("list").get(0);
    assertEquals("datasource", datasource.path("type").asText());
    assertEquals("prometheus", datasource.path("query").asText());
    Map<String, String> queries = dashboard.queryVariables();
    for (String name : List.of("integration_type", "integration", "kind")) {
      assertTrue(queries.containsKey(name), "no variable " + name + " in " + queries.keySet());
      GrafanaDashboard.labelValuesSelector(queries.get(name)); // throws unless label_values
    }
  }

  @Test
  void everyPanelAndQueryUsesTheDatasourceVariable() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    List<JsonNode> nodes = new ArrayList<>(dashboard.panels());
    dashboard.panels().forEach(p -> p.path("targets").forEach(nodes::add));
    dashboard
        .json
        .path("templating")
        .path("list")
        .forEach(
            v -> {
              if (v.path("type").asText().equals("query")) {
                nodes.add(v);
              }
            });
    for (JsonNode node : nodes) {
      assertEquals("${datasource}", node.path("datasource").path("uid").asText(), node.toString());
      assertEquals("prometheus", node.path("datasource").path("type").asText(), node.toString());
    }
  }

  @Test
  void everyExpressionUsesOnlyDefinedVariables() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    Set<String> known = new HashSet<>(dashboard.variableNames());
    known.addAll(GrafanaDashboard.BUILT_INS.keySet());
    List<String> expressions = new ArrayList<>(dashboard.panelExpressions().values());
    expressions.addAll(dashboard.queryVariables().values());
    for (String expression : expressions) {
      assertFalse(expression.isBlank());
      for (String variable : GrafanaDashboard.variablesIn(expression)) {
        assertTrue(known.contains(variable), "$" + variable + " undefined in " + expression);
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsAndRefIdsAndDoNotOverlap() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    Set<Integer> ids = new HashSet<>();
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode panel : dashboard.json.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate id " + panel.path("id"));
      JsonNode g = panel.path("gridPos");
      int[] box = {
        g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()
      };
      assertTrue(box[2] > 0 && box[3] > 0 && box[0] + box[2] <= 24, panel.path("title") + " " + g);
      for (int[] other : boxes) {
        boolean apart =
            box[0] + box[2] <= other[0]
                || other[0] + other[2] <= box[0]
                || box[1] + box[3] <= other[1]
                || other[1] + other[3] <= box[1];
        assertTrue(apart, panel.path("title") + " overlaps another panel at " + g);
      }
      boxes.add(box);
      Set<String> refIds = new HashSet<>();
      panel.path("targets").forEach(t -> assertTrue(refIds.add(t.path("refId").asText())));
    }
  }

  @Test
  void showsStatusRunsInProgressDurationsCountsFailuresMemoryAndStaleness() throws Exception {
    String all = String.join("\n", GrafanaDashboard.load().panelExpressions().values());
    for (String needed :
        List.of(
            "sync_success{",
            "sync_duration_seconds{",
            "object_count_type=~\"raw_extracted|transformed|loaded\"",
            "object_count_type=\"failed\"",
            "sync_memory_usage_bytes{",
            "time() - sync_last_success_timestamp_seconds{",
            "time() - sync_run_start_timestamp_seconds{")) {
      assertTrue(all.contains(needed), "no panel queries " + needed);
    }
  }

  @Test
  void substitutionReplacesEveryVariableFormAndRefusesUnknownOnes() {
    String expr = "rate(x{a=~\"$a\", b=\"${b}\", c=\"[[c]]\"}[$__rate_interval])";
    assertEquals(
        "rate(x{a=~\"1\", b=\"2\", c=\"3\"}[1m])",
        GrafanaDashboard.substitute(expr, Map.of("a", "1", "b", "2", "c", "3")));
    assertThrows(
        IllegalArgumentException.class, () -> GrafanaDashboard.substitute("$nope", Map.of()));
  }
}
