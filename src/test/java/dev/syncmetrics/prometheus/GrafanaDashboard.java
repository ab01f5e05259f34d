package dev.syncmetrics.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.testing.ProjectDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped Grafana dashboard (docs/grafana/syncmetrics.json) as tests read it: its panels'
 * PromQL expressions and its variables' queries, with Grafana's template variables substituted the
 * way Grafana would before sending a query to Prometheus.
 */
final class GrafanaDashboard {
  static final String FILE = "docs/grafana/syncmetrics.json";

  /** Grafana's own variables a query may use, with the value a test substitutes. */
  static final Map<String, String> BUILT_INS =
      Map.of("__rate_interval", "1m", "__interval", "1m", "__range", "1h");

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\s*\\)$", Pattern.DOTALL);

  final JsonNode json;

  private GrafanaDashboard(JsonNode json) {
    this.json = json;
  }

  static GrafanaDashboard load() throws IOException {
    return new GrafanaDashboard(new ObjectMapper().readTree(ProjectDir.resolve(FILE).toFile()));
  }

  /** Every panel that is not a row, including panels nested in collapsed rows. */
  List<JsonNode> panels() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(out::add);
      } else {
        out.add(panel);
      }
    }
    return out;
  }

  /** Panel title and ref id to expression, for every target of every panel. */
  Map<String, String> panelExpressions() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        out.put(
            panel.path("title").asText() + " / " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    return out;
  }

  /** The query variables (name to query), in the dashboard's order. */
  Map<String, String> queryVariables() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode variable : json.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        JsonNode query = variable.path("query");
        out.put(
            variable.path("name").asText(),
            query.isObject() ? query.path("query").asText() : query.asText());
      }
    }
    return out;
  }

  /** All variable names the dashboard defines (query, datasource and others). */
  List<String> variableNames() {
    List<String> out = new ArrayList<>();
    json.path("templating").path("list").forEach(v -> out.add(v.path("name").asText()));
    return out;
  }

  /** The series selector of a {@code label_values(selector, label)} variable query. */
  static String labelValuesSelector(String query) {
    Matcher m = LABEL_VALUES.matcher(query.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not label_values(selector, label): " + query);
    }
    return m.group(1).strip();
  }

  /** Names of the variables an expression uses ($x, ${x}, ${x:fmt}, [[x]]). */
  static List<String> variablesIn(String expression) {
    List<String> out = new ArrayList<>();
    Matcher m = VARIABLE.matcher(expression);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return out;
  }

  /**
   * Replaces each variable by {@code values} (or Grafana's built-ins); a variable with no value is
   * an error, so nothing unsubstituted reaches Prometheus.
   */
  static String substitute(String expression, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expression);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.containsKey(name) ? values.get(name) : BUILT_INS.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no value for $" + name + " in " + expression);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
