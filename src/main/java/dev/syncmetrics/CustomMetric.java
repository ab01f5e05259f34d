package dev.syncmetrics;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A metric of your own, set per kind and phase, with extra labels. It appears in the payload as
 * {@code metrics.phase.<phase>.<label1>.<value1>...<name>} and on the Pushgateway as a gauge {@code
 * <name>{kind, phase, label1, ...}}.
 *
 * <pre>{@code
 * static final CustomMetric API_CALLS = CustomMetric.of("api_calls", "Calls made to the API", "endpoint");
 * kind.set(API_CALLS, Phase.EXTRACT, 42, "users");
 * }</pre>
 *
 * @param name a Prometheus metric name, not one of syncmetrics' own
 * @param help one line saying what it measures
 * @param labels the extra label names after {@code kind} and {@code phase}
 */
public record CustomMetric(String name, String help, List<String> labels) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> RESERVED_LABELS =
      Set.of(
          "kind",
          "kind_index",
          "phase",
          "job",
          "instance",
          "integration_type",
          "integration_identifier");

  public CustomMetric {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(help, "help must not be null");
    labels = List.copyOf(labels);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "custom metric name '" + name + "' is not a valid Prometheus metric name");
    }
    if (name.startsWith("sync_")
        || name.startsWith("syncmetrics_")
        || name.startsWith("push_")
        || Phase.PAYLOAD_FIELDS.contains(name)) {
      throw new IllegalArgumentException(
          "custom metric name '"
              + name
              + "' is reserved (sync_*, syncmetrics_*, push_* and the payload's own keys are taken)");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException(
            "label '" + label + "' of custom metric '" + name + "' is not a valid label name");
      }
      if (RESERVED_LABELS.contains(label) || Phase.PAYLOAD_FIELDS.contains(label)) {
        throw new IllegalArgumentException(
            "label '"
                + label
                + "' of custom metric '"
                + name
                + "' is reserved: kind, kind_index and phase are added for you");
      }
    }
    if (Set.copyOf(labels).size() != labels.size()) {
      throw new IllegalArgumentException("custom metric '" + name + "' repeats a label: " + labels);
    }
  }

  /** A custom metric with extra label names (after {@code kind} and {@code phase}). */
  public static CustomMetric of(String name, String help, String... labels) {
    return new CustomMetric(name, help, List.of(labels));
  }
}
