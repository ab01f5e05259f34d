package dev.syncmetrics.internal.record;

import java.util.List;

/**
 * One value of a custom metric for one kind.
 *
 * @param name the metric name
 * @param help its help text
 * @param phase the phase label
 * @param labelNames the extra label names, in order
 * @param labelValues their values, in the same order
 * @param value the value
 */
public record CustomValue(
    String name,
    String help,
    String phase,
    List<String> labelNames,
    List<String> labelValues,
    double value) {
  /** Sorted by name, phase, then label values: payloads and pushes come out the same every time. */
  public static final java.util.Comparator<CustomValue> ORDER =
      java.util.Comparator.comparing(CustomValue::name)
          .thenComparing(CustomValue::phase)
          .thenComparing(v -> String.join("\u0000", v.labelValues()));

  public CustomValue {
    labelNames = List.copyOf(labelNames);
    labelValues = List.copyOf(labelValues);
  }
}
