package dev.syncmetrics;

import java.util.Locale;

/**
 * The shape of the webhook payloads the reporter writes (docs/payload.md, "Formats"), chosen with
 * {@code METRICS_PAYLOAD_FORMAT} or {@link SyncMetricsConfig.Builder#payloadFormat}.
 *
 * <pre>{@code
 * SyncMetricsConfig config = SyncMetricsConfig.builder()
 *     .payloadFormat(PayloadFormat.OCEAN)   // for the vendor's current guide and Ocean's mappings
 *     ...
 *     .build();
 * PayloadFormat.parse("ocean");            // OCEAN
 * }</pre>
 */
public enum PayloadFormat {
  /**
   * The default: snake_case, as the catalog vendor's seed guide (March 2025) reads it, with whole
   * numbers as integers.
   */
  SEED,
  /**
   * The catalog vendor's framework (Ocean 0.22.11 to 0.48) as it sends today: camelCase top-level
   * keys, Ocean's snake_case key paths inside {@code metrics} with numbers as floats, and the
   * camelCase metric names the vendor's current guide (May 2025) reads beside them.
   */
  OCEAN;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The name used in {@code METRICS_PAYLOAD_FORMAT}, such as {@code "ocean"}. */
  public String label() {
    return label;
  }

  /**
   * The format named {@code label} in any case, surrounding blanks ignored.
   *
   * @throws IllegalArgumentException naming the accepted values when there is no such format
   */
  public static PayloadFormat parse(String label) {
    String wanted = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    for (PayloadFormat f : values()) {
      if (f.label.equals(wanted)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "'" + label + "' is not a payload format (expected one of " + labels() + ")");
  }

  /** The labels of every format, for messages: {@code seed, ocean}. */
  public static String labels() {
    StringBuilder s = new StringBuilder();
    for (PayloadFormat f : values()) {
      s.append(s.length() == 0 ? "" : ", ").append(f.label);
    }
    return s.toString();
  }
}
