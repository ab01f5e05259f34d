package dev.syncmetrics.internal.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.record.CustomValue;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.shape.PayloadKeys;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
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
 * Writes the webhook payloads of a run, one per kind and one for {@code __runtime__}, in one of the
 * formats of docs/payload.md; every key name comes from {@link PayloadKeys}. Streams JSON straight
 * to bytes: no tree is built. Each payload carries its own {@code sync_state} and, as {@code
 * reported_at}, when its kind ended.
 *
 * <pre>{@code
 * PayloadWriter writer = new PayloadWriter("0.1.0", PayloadFormat.OCEAN);
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
  private final PayloadFormat format;
  private final Field[] header;

  /** A writer of the seed format (the default). */
  public PayloadWriter(String reporterVersion) {
    this(reporterVersion, PayloadFormat.SEED);
  }

  public PayloadWriter(String reporterVersion, PayloadFormat format) {
    this.reporterVersion = reporterVersion;
    this.format = format;
    this.header = PayloadKeys.header(format).toArray(new Field[0]);
  }

  public PayloadFormat format() {
    return format;
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
    boolean ocean = format == PayloadFormat.OCEAN;
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < header.length; i++) {
        header(g, header[i], run, kind, reportedAt);
      }
      g.writeObjectFieldStart(PayloadKeys.METRICS);
      g.writeObjectFieldStart(PayloadKeys.PHASE);
      Map<String, Map<String, Object>> custom = customTrees(kind.custom());

      for (Phase phase : COUNTED) {
        g.writeObjectFieldStart(phase.label());
        if (ocean) {
          oceanPhase(g, kind, phase);
        } else {
          headline(g, kind, phase, kind.headline(phase));
          g.writeObjectFieldStart(PayloadKeys.OBJECT_COUNT_TYPE);
          for (String type : phase.countTypes()) {
            count(g, type, kind.count(phase, type));
          }
          g.writeEndObject();
        }
        tree(g, custom.get(phase.label()), ocean);
        g.writeEndObject();
      }

      g.writeObjectFieldStart(Phase.RESYNC.label());
      if (ocean) {
        oceanDuration(g, kind.duration(Phase.RESYNC));
        g.writeFieldName(PayloadKeys.SUCCESS);
        OceanNumbers.write(g, kind.success() ? 1 : 0);
        oceanMemory(g, kind.memory(Phase.RESYNC));
      } else {
        g.writeNumberField(PayloadKeys.DURATION, seconds(kind.duration(Phase.RESYNC)));
        g.writeNumberField(PayloadKeys.SUCCESS, kind.success() ? 1 : 0);
        if (kind.memory(Phase.RESYNC) >= 0) {
          g.writeNumberField(PayloadKeys.MEMORY, kind.memory(Phase.RESYNC));
        }
      }
      tree(g, custom.get("resync"), ocean);
      g.writeEndObject();

      g.writeEndObject();
      if (ocean) {
        OceanNumbers.memory(g, kind);
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write payload for " + kind.kindIdentifier(), e);
    }
    return out.toByteArray();
  }

  /** One top-level field; the same values in every format, under the format's names. */
  private void header(
      JsonGenerator g, Field field, RunSnapshot run, KindSnapshot kind, String reportedAt)
      throws IOException {
    String name = field.key(format);
    switch (field) {
      case INTEGRATION_TYPE -> g.writeStringField(name, run.integrationType());
      case INTEGRATION_IDENTIFIER -> g.writeStringField(name, run.integrationIdentifier());
      case INTEGRATION_VERSION -> g.writeStringField(name, run.integrationVersion());
      case REPORTER_VERSION -> g.writeStringField(name, reporterVersion);
      case EVENT_ID -> g.writeStringField(name, run.eventId());
      case SYNC_STATE -> g.writeStringField(name, kind.state());
      case KIND_IDENTIFIER -> g.writeStringField(name, kind.kindIdentifier());
      case KIND -> g.writeStringField(name, kind.kind());
      case KIND_INDEX -> {
        // the seed format leaves it out of __runtime__; Ocean sends 0 there
        if (!kind.isRuntime()) {
          g.writeNumberField(name, kind.index());
        } else if (format == PayloadFormat.OCEAN) {
          g.writeNumberField(name, 0);
        }
      }
      case REPORTED_AT ->
          g.writeStringField(
              name,
              kind.endedAt() == null || kind.endedAt().equals(run.reportedAt())
                  ? reportedAt
                  : format(kind.endedAt()));
      case INSTALLATION_TYPE -> g.writeStringField(name, PayloadKeys.INSTALLATION_TYPE);
      case EXECUTION_MODE -> g.writeStringField(name, PayloadKeys.EXECUTION_MODE);
      case OCEAN_VERSION ->
          g.writeStringField(name, PayloadKeys.OCEAN_VERSION_PREFIX + reporterVersion);
      case BLUEPRINT -> g.writeStringField(name, PayloadKeys.BLUEPRINT);
    }
  }

  /**
   * A phase as Ocean writes it (durations and {@code object_count_type}, floats), followed by the
   * camelCase spelling the vendor's current guide reads ({@code
   * objectCountType.<type>.objectCount}).
   */
  private static void oceanPhase(JsonGenerator g, KindSnapshot kind, Phase phase)
      throws IOException {
    oceanDuration(g, kind.duration(phase));
    oceanMemory(g, kind.memory(phase));
    g.writeObjectFieldStart(PayloadKeys.OBJECT_COUNT_TYPE);
    for (String type : phase.countTypes()) {
      g.writeObjectFieldStart(type);
      g.writeFieldName(PayloadKeys.OBJECT_COUNT);
      OceanNumbers.write(g, kind.count(phase, type));
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeObjectFieldStart(PayloadKeys.OBJECT_COUNT_TYPE_CAMEL);
    for (String type : phase.countTypes()) {
      g.writeObjectFieldStart(PayloadKeys.camel(type));
      g.writeFieldName(PayloadKeys.OBJECT_COUNT_CAMEL);
      OceanNumbers.write(g, kind.count(phase, type));
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void oceanDuration(JsonGenerator g, double duration) throws IOException {
    double seconds = seconds(duration);
    g.writeFieldName(PayloadKeys.DURATION);
    OceanNumbers.write(g, seconds);
    g.writeFieldName(PayloadKeys.DURATION_CAMEL);
    OceanNumbers.write(g, seconds);
  }

  /** The heap in use at the phase's end, kept in the ocean format too so nothing is lost. */
  private static void oceanMemory(JsonGenerator g, long bytes) throws IOException {
    if (bytes >= 0) {
      g.writeFieldName(PayloadKeys.MEMORY);
      OceanNumbers.write(g, bytes);
    }
  }

  private static void headline(JsonGenerator g, KindSnapshot kind, Phase phase, long count)
      throws IOException {
    g.writeNumberField(PayloadKeys.OBJECT_COUNT, count);
    g.writeNumberField(PayloadKeys.DURATION, seconds(kind.duration(phase)));
    if (kind.memory(phase) >= 0) {
      g.writeNumberField(PayloadKeys.MEMORY, kind.memory(phase));
    }
  }

  private static void count(JsonGenerator g, String type, long count) throws IOException {
    g.writeObjectFieldStart(type);
    g.writeNumberField(PayloadKeys.OBJECT_COUNT, count);
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

  /** Custom values; as floats in the ocean format (Ocean's gauges are floats). */
  @SuppressWarnings("unchecked")
  private static void tree(JsonGenerator g, Map<String, Object> node, boolean floats)
      throws IOException {
    if (node == null) {
      return;
    }
    for (Map.Entry<String, Object> e : node.entrySet()) {
      if (e.getValue() instanceof Map) {
        g.writeObjectFieldStart(e.getKey());
        tree(g, (Map<String, Object>) e.getValue(), floats);
        g.writeEndObject();
      } else {
        double d = (Double) e.getValue();
        if (floats) {
          g.writeFieldName(e.getKey());
          OceanNumbers.write(g, d);
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
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
