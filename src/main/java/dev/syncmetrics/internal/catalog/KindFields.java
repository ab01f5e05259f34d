package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a kind's figures are among the properties of the two blueprints that hold kinds: the
 * project's {@code integration_kind_phase_metrics} (every count, precise durations per phase, the
 * payload's {@code sync_state} and {@code event_id}) and, when a catalog runs without it, the seed
 * guide's {@code integration_kind_metrics} (three counts, a duration rounded to whole seconds).
 *
 * <pre>{@code
 * KindFields f = KindFields.of("integration_kind_phase_metrics");
 * ObjectNode counts = f.counts(properties);     // {"raw": 235, "filtered": 17, ...}
 * }</pre>
 */
enum KindFields {
  PHASE(
      "integration_kind_phase_metrics",
      "raw_extracted filtered_out transform_failed transformed load_failed skipped loaded deleted",
      "resync_duration_seconds extract_duration_seconds transform_duration_seconds"
          + " load_duration_seconds",
      "reported_at"),
  GUIDE(
      "integration_kind_metrics",
      "raw_objects - - transformed_objects - - entities_ingested -",
      "duration - - -",
      "last_sync_at");

  /** The names the API gives the counts, in the order records flow. */
  static final List<String> COUNTS = List.of(ApiNames.COUNTS);

  /** The names the API gives the durations: the kind's whole sync, then its phases. */
  static final List<String> SECONDS = List.of(ApiNames.SECONDS);

  /** Held apart so that the constants' constructors can read them. */
  private static final class ApiNames {
    static final String[] COUNTS = {
      "raw",
      "filtered",
      "transformFailed",
      "transformed",
      "loadFailed",
      "skipped",
      "loaded",
      "deleted"
    };
    static final String[] SECONDS = {"resync", "extract", "transform", "load"};
  }

  private final String blueprint;
  private final Map<String, String> counts;
  private final Map<String, String> seconds;
  private final String lastSyncAt;

  KindFields(String blueprint, String counts, String seconds, String lastSyncAt) {
    this.blueprint = blueprint;
    this.counts = names(ApiNames.COUNTS, counts);
    this.seconds = names(ApiNames.SECONDS, seconds);
    this.lastSyncAt = lastSyncAt;
  }

  private static Map<String, String> names(String[] api, String properties) {
    String[] props = properties.split(" ");
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < api.length; i++) {
      out.put(api[i], props[i].equals("-") ? null : props[i]);
    }
    return out;
  }

  String blueprint() {
    return blueprint;
  }

  /** The fields of a kind blueprint, or null when {@code blueprint} holds no kinds. */
  static KindFields of(String blueprint) {
    for (KindFields f : values()) {
      if (f.blueprint.equals(blueprint)) {
        return f;
      }
    }
    return null;
  }

  /** Every count by its API name; null where the blueprint or the entity has none. */
  ObjectNode counts(ObjectNode properties) {
    return pick(counts, properties);
  }

  /** Every duration in seconds by its API name; null where the blueprint or entity has none. */
  ObjectNode seconds(ObjectNode properties) {
    return pick(seconds, properties);
  }

  /** The kind's whole-sync duration in seconds, or null. */
  Double resyncSeconds(ObjectNode properties) {
    JsonNode v = properties.get(seconds.get("resync"));
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  /** When the kind last synced as its payload said, or null. */
  String lastSyncAt(ObjectNode properties) {
    JsonNode v = properties.get(lastSyncAt);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** Its state: the payload's {@code sync_state} and {@code success}, or the guide's status. */
  Status status(ObjectNode properties) {
    return Status.of(
        text(properties, "sync_state"),
        properties.get("success"),
        text(properties, "last_completion_status"));
  }

  static String text(ObjectNode properties, String name) {
    JsonNode v = properties.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static ObjectNode pick(Map<String, String> names, ObjectNode properties) {
    ObjectNode out = properties.objectNode();
    names.forEach(
        (api, property) -> {
          JsonNode v = property == null ? null : properties.get(property);
          if (v != null && v.isNumber()) {
            out.set(api, v);
          } else {
            out.putNull(api);
          }
        });
    return out;
  }
}
