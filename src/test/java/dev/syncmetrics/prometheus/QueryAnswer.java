package dev.syncmetrics.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of an instant query ({@code /api/v1/query}) as a comparable value: each series' full
 * label set (with {@code __name__} when the answer keeps it) to its value. Prometheus and
 * VictoriaMetrics give equal answers when they return the same label sets with values equal within
 * {@link #TOLERANCE} (relative, and absolute below 1): VictoriaMetrics stores a value as a decimal
 * of about 15 significant digits, so the Pushgateway's nanosecond {@code push_time_seconds}
 * 1796055728.8591099 comes back as 1796055728.85911 (10 microseconds), while the reporter's
 * millisecond timestamps come back exact.
 *
 * <pre>{@code
 * QueryAnswer p = QueryAnswer.of(prometheusData), v = QueryAnswer.of(victoriaData);
 * List<String> differences = p.differencesFrom(v);
 * }</pre>
 */
final class QueryAnswer {
  static final double TOLERANCE = 1e-13;

  private final Map<String, Double> series;
  private final List<Map<String, String>> labelSets;

  private QueryAnswer(Map<String, Double> series, List<Map<String, String>> labelSets) {
    this.series = Collections.unmodifiableMap(series);
    this.labelSets = List.copyOf(labelSets);
  }

  /** Reads the {@code data} of an answer: a vector, or a scalar (as one series without labels). */
  static QueryAnswer of(JsonNode data) {
    Map<String, Double> out = new TreeMap<>();
    List<Map<String, String>> labelSets = new ArrayList<>();
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    if (type.equals("scalar")) {
      out.put("{}", value(result));
      labelSets.add(Map.of());
    } else if (type.equals("vector")) {
      for (JsonNode s : result) {
        Map<String, String> labelSet = labelSet(s.path("metric"));
        String labels = labelSet.toString();
        labelSets.add(labelSet);
        if (out.put(labels, value(s.path("value"))) != null) {
          throw new IllegalArgumentException("two series with labels " + labels + " in " + data);
        }
      }
    } else {
      throw new IllegalArgumentException("not an instant answer (" + type + "): " + data);
    }
    return new QueryAnswer(out, labelSets);
  }

  /** The series' label sets, written {@code {a="1", b="2"}} with labels sorted by name. */
  Map<String, Double> series() {
    return series;
  }

  /** Each series' labels, in the answer's order. */
  List<Map<String, String>> labelSets() {
    return labelSets;
  }

  boolean isEmpty() {
    return series.isEmpty();
  }

  /** What differs from {@code other}, one line per series; empty when the answers are equal. */
  List<String> differencesFrom(QueryAnswer other) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : series.entrySet()) {
      Double theirs = other.series.get(e.getKey());
      if (theirs == null) {
        out.add("only in the first: " + e.getKey() + " " + e.getValue());
      } else if (!close(e.getValue(), theirs)) {
        out.add(e.getKey() + ": " + e.getValue() + " vs " + theirs);
      }
    }
    for (Map.Entry<String, Double> e : other.series.entrySet()) {
      if (!series.containsKey(e.getKey())) {
        out.add("only in the second: " + e.getKey() + " " + e.getValue());
      }
    }
    return out;
  }

  static boolean close(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static double value(JsonNode pair) {
    // [ <time>, "<value>" ]; the value is a string: "NaN", "+Inf", "-Inf" or a number
    String v = pair.get(1).asText();
    switch (v) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(v);
    }
  }

  /** The labels of one series, sorted by name; {@code toString()} gives {a="1", b="2"}. */
  private static Map<String, String> labelSet(JsonNode metric) {
    Map<String, String> sorted = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      sorted.put(f.getKey(), f.getValue().asText());
    }
    return new LabelSet(sorted);
  }

  /** A sorted label map written the way PromQL writes a selector. */
  private static final class LabelSet extends TreeMap<String, String> {
    LabelSet(Map<String, String> labels) {
      super(labels);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("{");
      forEach(
          (k, v) ->
              out.append(out.length() > 1 ? ", " : "")
                  .append(k)
                  .append("=\"")
                  .append(v)
                  .append('"'));
      return out.append('}').toString();
    }
  }

  @Override
  public String toString() {
    return series.toString();
  }
}
