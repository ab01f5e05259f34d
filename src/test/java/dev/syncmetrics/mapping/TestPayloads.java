package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Payloads in the shape of docs (design.md, "The webhook payload"), built field by field. */
final class TestPayloads {
  static final ObjectMapper JSON = new ObjectMapper();

  private TestPayloads() {}

  /** A kind payload: counts per phase, the resync's duration and success (1 or 0). */
  static ObjectNode kind(
      String type,
      String identifier,
      String kind,
      int index,
      int extracted,
      int transformed,
      int loaded,
      double resyncSeconds,
      int success) {
    ObjectNode p = common(type, identifier, kind + "-" + index, kind);
    p.put("kind_index", index);
    ObjectNode phase = p.putObject("metrics").putObject("phase");
    ObjectNode extract = phase.putObject("extract");
    extract.put("object_count", extracted).put("duration_seconds", 1.2);
    extract
        .putObject("object_count_type")
        .putObject("raw_extracted")
        .put("object_count", extracted);
    ObjectNode transform = phase.putObject("transform");
    transform.put("object_count", transformed).put("duration_seconds", 0.3);
    ObjectNode tTypes = transform.putObject("object_count_type");
    tTypes.putObject("transformed").put("object_count", transformed);
    tTypes.putObject("filtered_out").put("object_count", 1);
    tTypes.putObject("failed").put("object_count", 1);
    ObjectNode load = phase.putObject("load");
    load.put("object_count", loaded).put("duration_seconds", 2.1);
    ObjectNode lTypes = load.putObject("object_count_type");
    lTypes.putObject("loaded").put("object_count", loaded);
    lTypes.putObject("failed").put("object_count", 1);
    lTypes.putObject("skipped").put("object_count", 0);
    ObjectNode delete = phase.putObject("delete");
    delete.put("object_count", 3);
    delete.putObject("object_count_type").putObject("deleted").put("object_count", 3);
    phase
        .putObject("resync")
        .put("duration_seconds", resyncSeconds)
        .put("success", success)
        .put("memory_usage_bytes", 52428800);
    return p;
  }

  /** The run's {@code __runtime__} payload. */
  static ObjectNode runtime(String type, String identifier, double resyncSeconds, int success) {
    ObjectNode p = kind(type, identifier, "x", 0, 120, 118, 117, resyncSeconds, success);
    ObjectNode runtime = common(type, identifier, "__runtime__", "__runtime__");
    runtime.set("metrics", p.get("metrics"));
    return runtime;
  }

  private static ObjectNode common(
      String type, String identifier, String kindIdentifier, String kind) {
    ObjectNode p = JSON.createObjectNode();
    p.put("integration_type", type)
        .put("integration_identifier", identifier)
        .put("integration_version", "1.4.0")
        .put("reporter_version", "0.1.0")
        .put("event_id", "6f1c2a9e-0d2b-4c49-9d51-1b9f6d3f7a10")
        .put("sync_state", "completed")
        .put("kind_identifier", kindIdentifier)
        .put("kind", kind)
        .put("reported_at", "2026-11-21T10:00:00Z");
    return p;
  }
}
