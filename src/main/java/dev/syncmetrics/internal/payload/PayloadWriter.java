package dev.syncmetrics.internal.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.record.CustomValue;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the webhook payloads of a run, one per kind and one for {@code __runtime__}, in the shape
 * of docs/payload.md. Streams JSON straight to bytes: no tree is built. Each payload carries its
 * own {@code sync_state} and, as {@code reported_at}, when its kind ended.
 *
 * <pre>{@code
 * byte[] kindPayload = writer.write(run.syncing(), endedKind);   // as the kind ends
 * List<Payload> rest = writer.write(finishedRun);                 // every kind, then __runtime__
 * }</pre>
 */
public final class PayloadWriter {
  private static final JsonFactory JSON = new JsonFactory();

  /** The phases with counts, in payload order: every phase but {@code resync}, which closes it. */
  private static final List<Phase> COUNTED =
      Arrays.stream(Phase.values()).filter(p -> !p.countTypes().isEmpty()).toList();

  private final String reporterVersion;

  public PayloadWriter(String reporterVersion) {
    this.reporterVersion = reporterVersion;
  }

  /** Every payload of the run: the kinds in order, then {@code __runtime__}. */
  public List<Payload> write(RunSnapshot run) {
    List<Payload> payloads = new ArrayList<>(run.kinds().size() + 1);
    // formatted once per run, and one buffer for every payload: each is then copied out at its size
    String reportedAt = reportedAt(run);
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    for (KindSnapshot kind : run.kinds()) {
      payloads.add(
          new Payload(run.eventId(), kind.kindIdentifier(), write(run, kind, reportedAt, out)));
    }
    payloads.add(
        new Payload(run.eventId(), Payload.RUNTIME, write(run, run.runtime(), reportedAt, out)));
    return payloads;
  }

  /** The payload of one kind of the run (or of {@code run.runtime()}). */
  public byte[] write(RunSnapshot run, KindSnapshot kind) {
    return write(run, kind, reportedAt(run), new ByteArrayOutputStream(1024));
  }

  /** The {@code syncing} announcement of a run that has just started. */
  public Payload announcement(RunSnapshot syncing) {
    return Payload.announcement(syncing.eventId(), write(syncing, syncing.runtime()));
  }

  private static String reportedAt(RunSnapshot run) {
    return format(run.reportedAt());
  }

  private static String format(java.time.Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  private byte[] write(
      RunSnapshot run, KindSnapshot kind, String reportedAt, ByteArrayOutputStream out) {
    out.reset();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("integration_type", run.integrationType());
      g.writeStringField("integration_identifier", run.integrationIdentifier());
      g.writeStringField("integration_version", run.integrationVersion());
      g.writeStringField("reporter_version", reporterVersion);
      g.writeStringField("event_id", run.eventId());
      g.writeStringField("sync_state", kind.state());
      g.writeStringField("kind_identifier", kind.kindIdentifier());
      g.writeStringField("kind", kind.kind());
      if (!kind.isRuntime()) {
        g.writeNumberField("kind_index", kind.index());
      }
      g.writeStringField(
          "reported_at",
          kind.endedAt() == null || kind.endedAt().equals(run.reportedAt())
              ? reportedAt
              : format(kind.endedAt()));
      g.writeObjectFieldStart("metrics");
      g.writeObjectFieldStart("phase");
      Map<String, Map<String, Object>> custom = customTrees(kind.custom());

      for (Phase phase : COUNTED) {
        g.writeObjectFieldStart(phase.label());
        headline(g, kind, phase, kind.headline(phase));
        g.writeObjectFieldStart("object_count_type");
        for (String type : phase.countTypes()) {
          count(g, type, kind.count(phase, type));
        }
        g.writeEndObject();
        tree(g, custom.get(phase.label()));
        g.writeEndObject();
      }

      g.writeObjectFieldStart(Phase.RESYNC.label());
      g.writeNumberField("duration_seconds", seconds(kind.duration(Phase.RESYNC)));
      g.writeNumberField("success", kind.success() ? 1 : 0);
      if (kind.memory(Phase.RESYNC) >= 0) {
        g.writeNumberField("memory_usage_bytes", kind.memory(Phase.RESYNC));
      }
      tree(g, custom.get("resync"));
      g.writeEndObject();

      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write payload for " + kind.kindIdentifier(), e);
    }
    return out.toByteArray();
  }

  private static void headline(JsonGenerator g, KindSnapshot kind, Phase phase, long count)
      throws IOException {
    g.writeNumberField("object_count", count);
    g.writeNumberField("duration_seconds", seconds(kind.duration(phase)));
    if (kind.memory(phase) >= 0) {
      g.writeNumberField("memory_usage_bytes", kind.memory(phase));
    }
  }

  private static void count(JsonGenerator g, String type, long count) throws IOException {
    g.writeObjectFieldStart(type);
    g.writeNumberField("object_count", count);
    g.writeEndObject();
  }

  /** Seconds rounded to the microsecond, so payloads stay readable. */
  static double seconds(double value) {
    return Math.round(value * 1e6) / 1e6;
  }

  /**
   * Custom values nested per phase: {@code l1 -> v1 -> l2 -> v2 -> name -> value}. A value whose
   * path collides with another's (a number where an object is, or the reverse) is left out.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> customTrees(List<CustomValue> values) {
    if (values.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, Object>> phases = new LinkedHashMap<>();
    for (CustomValue v : values) {
      Map<String, Object> node = phases.computeIfAbsent(v.phase(), p -> new LinkedHashMap<>());
      boolean ok = true;
      for (int i = 0; i < v.labelNames().size() && ok; i++) {
        for (String key : List.of(v.labelNames().get(i), v.labelValues().get(i))) {
          Object next = node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
          if (next instanceof Map) {
            node = (Map<String, Object>) next;
          } else {
            ok = false;
            break;
          }
        }
      }
      if (ok && !(node.get(v.name()) instanceof Map)) {
        node.put(v.name(), v.value());
      }
    }
    return phases;
  }

  @SuppressWarnings("unchecked")
  private static void tree(JsonGenerator g, Map<String, Object> node) throws IOException {
    if (node == null) {
      return;
    }
    for (Map.Entry<String, Object> e : node.entrySet()) {
      if (e.getValue() instanceof Map) {
        g.writeObjectFieldStart(e.getKey());
        tree(g, (Map<String, Object>) e.getValue());
        g.writeEndObject();
      } else {
        double d = (Double) e.getValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          g.writeNumberField(e.getKey(), (long) d);
        } else if (Double.isFinite(d)) {
          g.writeNumberField(e.getKey(), d);
        } else {
          g.writeNullField(e.getKey());
        }
      }
    }
  }
}
