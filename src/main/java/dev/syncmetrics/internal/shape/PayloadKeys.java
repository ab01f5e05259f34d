package dev.syncmetrics.internal.shape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key name of every payload shape, in one place: the reporter's two formats (seed and ocean),
 * the shapes Ocean sent from 0.22.0 to today, and the camelCase names the vendor's current guide
 * reads. The writer, the reader, the spool and the catalog all take their names from here
 * (docs/payload.md, "Formats").
 *
 * <pre>{@code
 * Field.EVENT_ID.key(PayloadFormat.OCEAN);          // "eventId"
 * PayloadKeys.text(body, Field.KIND_IDENTIFIER);    // from kind_identifier or kindIdentifier
 * PayloadKeys.camel("raw_extracted");               // "rawExtracted"
 * }</pre>
 */
public final class PayloadKeys {
  private PayloadKeys() {}

  /** A top-level field: its snake_case name (seed, Ocean 0.22.0-0.22.10) and camelCase name. */
  public enum Field {
    INTEGRATION_TYPE("integration_type", "integrationType"),
    INSTALLATION_TYPE("installation_type", "installationType"),
    EXECUTION_MODE("execution_mode", "executionMode"),
    INTEGRATION_IDENTIFIER("integration_identifier", "integrationIdentifier"),
    INTEGRATION_VERSION("integration_version", "integrationVersion"),
    OCEAN_VERSION("ocean_version", "oceanVersion"),
    REPORTER_VERSION("reporter_version", "reporterVersion"),
    EVENT_ID("event_id", "eventId"),
    SYNC_STATE("sync_state", "syncState"),
    KIND_IDENTIFIER("kind_identifier", "kindIdentifier"),
    KIND("kind", "kind"),
    KIND_INDEX("kind_index", "kindIndex"),
    BLUEPRINT("blueprint", "blueprint"),
    REPORTED_AT("reported_at", "reportedAt");

    private final String snake;
    private final String camel;

    Field(String snake, String camel) {
      this.snake = snake;
      this.camel = camel;
    }

    /** The snake_case name, as the seed format writes it. */
    public String snake() {
      return snake;
    }

    /** The camelCase name, as Ocean 0.22.11 and later (and the ocean format) write it. */
    public String camel() {
      return camel;
    }

    /** The name in {@code format}. */
    public String key(PayloadFormat format) {
      return format == PayloadFormat.SEED ? snake : camel;
    }
  }

  /** The top-level fields of each format, in the order they are written. */
  public static List<Field> header(PayloadFormat format) {
    return format == PayloadFormat.SEED ? SEED_HEADER : OCEAN_HEADER;
  }

  private static final List<Field> SEED_HEADER =
      List.of(
          Field.INTEGRATION_TYPE,
          Field.INTEGRATION_IDENTIFIER,
          Field.INTEGRATION_VERSION,
          Field.REPORTER_VERSION,
          Field.EVENT_ID,
          Field.SYNC_STATE,
          Field.KIND_IDENTIFIER,
          Field.KIND,
          Field.KIND_INDEX,
          Field.REPORTED_AT);

  /** Ocean 0.48's order (port_ocean/helpers/metric/metric.py), then what syncmetrics adds. */
  private static final List<Field> OCEAN_HEADER =
      List.of(
          Field.INTEGRATION_TYPE,
          Field.INSTALLATION_TYPE,
          Field.EXECUTION_MODE,
          Field.INTEGRATION_IDENTIFIER,
          Field.INTEGRATION_VERSION,
          Field.OCEAN_VERSION,
          Field.KIND_IDENTIFIER,
          Field.KIND,
          Field.KIND_INDEX,
          Field.EVENT_ID,
          Field.SYNC_STATE,
          Field.BLUEPRINT,
          Field.REPORTER_VERSION,
          Field.REPORTED_AT);

  /** What the ocean format says for Ocean's own fields: a self-hosted, single-process reporter. */
  public static final String INSTALLATION_TYPE = "OnPrem";

  public static final String EXECUTION_MODE = "single_process";

  /** Ocean's webhook payloads always carry an empty blueprint (it passes none to them). */
  public static final String BLUEPRINT = "";

  /** {@code oceanVersion} names the reporting framework: {@code syncmetrics-0.1.0}. */
  public static final String OCEAN_VERSION_PREFIX = "syncmetrics-";

  /** Ocean's kind for what its reconciliation (the deletes of a whole resync) reports. */
  public static final String RECONCILIATION = "__reconciliation__";

  public static final String METRICS = "metrics";
  public static final String PHASE = "phase";

  // inside metrics.phase.<phase>: the snake_case names of the seed format and of Ocean ...
  public static final String OBJECT_COUNT = "object_count";
  public static final String OBJECT_COUNT_TYPE = "object_count_type";
  public static final String DURATION = "duration_seconds";
  public static final String SUCCESS = "success";
  public static final String MEMORY = "memory_usage_bytes";

  /** Ocean 0.22.0 to 0.22.10 counted deletes as {@code metrics.phase.delete.deletion_count}. */
  public static final String DELETION_COUNT = "deletion_count";

  // ... and the camelCase names the vendor's current guide reads (which Ocean never sends)
  public static final String OBJECT_COUNT_CAMEL = "objectCount";
  public static final String OBJECT_COUNT_TYPE_CAMEL = "objectCountType";
  public static final String DURATION_CAMEL = "durationSeconds";

  // Ocean's resource figures, directly under metrics
  public static final String MEMORY_MAX = "memory_max_bytes";
  public static final String MEMORY_MEDIAN = "memory_median_bytes";
  public static final String MEMORY_AVG = "memory_avg_bytes";

  private static final Map<String, String> CAMEL_TYPES = new HashMap<>();

  static {
    for (Phase p : Phase.values()) {
      for (String type : p.countTypes()) {
        CAMEL_TYPES.put(type, toCamel(type));
      }
    }
  }

  /** {@code raw_extracted} as {@code rawExtracted}: how the vendor's current guide spells it. */
  public static String camel(String snake) {
    String known = CAMEL_TYPES.get(snake);
    return known != null ? known : toCamel(snake);
  }

  private static String toCamel(String snake) {
    StringBuilder s = new StringBuilder(snake.length());
    boolean up = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_' && i > 0) {
        up = true;
      } else {
        s.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return s.toString();
  }

  /** The value of {@code field} in {@code body}, whichever spelling it has (snake first). */
  public static JsonNode value(JsonNode body, Field field) {
    JsonNode v = body.get(field.snake());
    return v != null ? v : body.path(field.camel());
  }

  /** The text of {@code field}, or null when neither spelling holds a string. */
  public static String text(JsonNode body, Field field) {
    JsonNode v = value(body, field);
    if (!v.isTextual()) {
      v = body.path(field.camel());
    }
    return v.isTextual() ? v.asText() : null;
  }
}
