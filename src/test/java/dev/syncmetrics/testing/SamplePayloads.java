package dev.syncmetrics.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Webhook payloads shaped like the reporter's (see the design's "The webhook payload"), for tests
 * that run without the reporter.
 *
 * <pre>{@code
 * ObjectNode p = SamplePayloads.kind("run-1", "github", "github-prod", "repository", 0)
 *     .counts(120, 118, 117).duration(8.38).success(true).build();
 * }</pre>
 */
public final class SamplePayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root = JSON.createObjectNode();
  private final ObjectNode phase;

  private SamplePayloads(
      String eventId, String type, String identifier, String kind, Integer index) {
    root.put("integration_type", type);
    root.put("integration_identifier", identifier);
    root.put("integration_version", "1.4.0");
    root.put("reporter_version", "0.1.0");
    root.put("event_id", eventId);
    root.put("sync_state", "completed");
    root.put("kind_identifier", index == null ? kind : kind + "-" + index);
    root.put("kind", kind);
    if (index != null) {
      root.put("kind_index", index);
    }
    root.put("reported_at", Instant.now().toString());
    phase = root.putObject("metrics").putObject("phase");
    counts(0, 0, 0).duration(0).success(true);
  }

  /** The payload of one kind. */
  public static SamplePayloads kind(
      String eventId, String type, String identifier, String kind, int index) {
    return new SamplePayloads(eventId, type, identifier, kind, index);
  }

  /** The {@code __runtime__} payload of a run. */
  public static SamplePayloads runtime(String eventId, String type, String identifier) {
    return new SamplePayloads(eventId, type, identifier, "__runtime__", null);
  }

  public SamplePayloads counts(long raw, long transformed, long loaded) {
    ObjectNode extract =
        phase.putObject("extract").put("object_count", raw).put("duration_seconds", 0.5);
    extract.putObject("object_count_type").putObject("raw_extracted").put("object_count", raw);
    ObjectNode transform =
        phase.putObject("transform").put("object_count", transformed).put("duration_seconds", 0.2);
    transform
        .putObject("object_count_type")
        .putObject("transformed")
        .put("object_count", transformed);
    ObjectNode load =
        phase.putObject("load").put("object_count", loaded).put("duration_seconds", 1.1);
    load.putObject("object_count_type").putObject("loaded").put("object_count", loaded);
    return this;
  }

  /** The payload's own {@code sync_state}: syncing, completed, failed or aborted. */
  public SamplePayloads syncState(String state) {
    root.put("sync_state", state);
    return this;
  }

  /**
   * The rest of the breakdown (call after {@link #counts}): records filtered out and failed in
   * transform, failed and skipped in load, and entities deleted.
   */
  public SamplePayloads breakdown(
      long filtered, long transformFailed, long loadFailed, long skipped, long deleted) {
    type("transform", "filtered_out", filtered);
    type("transform", "failed", transformFailed);
    type("load", "failed", loadFailed);
    type("load", "skipped", skipped);
    ObjectNode delete = phase.putObject("delete").put("object_count", deleted);
    delete.put("duration_seconds", 0.0);
    delete.putObject("object_count_type").putObject("deleted").put("object_count", deleted);
    return this;
  }

  /** The seconds of the extract, transform and load phases (call after {@link #counts}). */
  public SamplePayloads phaseSeconds(double extract, double transform, double load) {
    ((ObjectNode) phase.get("extract")).put("duration_seconds", extract);
    ((ObjectNode) phase.get("transform")).put("duration_seconds", transform);
    ((ObjectNode) phase.get("load")).put("duration_seconds", load);
    return this;
  }

  private void type(String phaseName, String type, long count) {
    ((ObjectNode) phase.get(phaseName).get("object_count_type"))
        .putObject(type)
        .put("object_count", count);
  }

  public SamplePayloads duration(double seconds) {
    resync().put("duration_seconds", seconds);
    return this;
  }

  public SamplePayloads success(boolean success) {
    resync().put("success", success ? 1 : 0);
    return this;
  }

  private ObjectNode resync() {
    return phase.has("resync") ? (ObjectNode) phase.get("resync") : phase.putObject("resync");
  }

  public ObjectNode build() {
    return root.deepCopy();
  }

  public String json() {
    return root.toString();
  }
}
