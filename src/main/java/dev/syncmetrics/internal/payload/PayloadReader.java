package dev.syncmetrics.internal.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.record.CustomValue;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.record.RunTotals;
import dev.syncmetrics.internal.shape.CanonicalPayload;
import dev.syncmetrics.internal.shape.PayloadKeys;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads payloads back (from files, or the spool) into snapshots, so they can be pushed to the
 * Pushgateway. The inverse of {@link PayloadWriter} for every format: a body is first read as a
 * {@link CanonicalPayload} (every spelling present), then by its seed names. Custom metrics are
 * recovered from their nesting ({@code <label>.<value>...<name>}).
 */
public final class PayloadReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PayloadReader() {}

  /** A payload that does not have the documented shape; the message names the source and field. */
  public static final class InvalidPayloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidPayloadException(String message) {
      super(message);
    }
  }

  /**
   * Reads exactly one JSON value; {@code source} (a file name) names it in errors, which say where
   * the JSON goes wrong, or that a second value follows the first (never silently the first).
   */
  public static JsonNode json(String source, byte[] body) {
    try {
      JsonNode node = STRICT.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new InvalidPayloadException(source + ": empty, expected one JSON payload");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      if (e.getOriginalMessage().startsWith("Trailing token")) {
        throw new InvalidPayloadException(
            source
                + ": holds more than one JSON value (the second starts at "
                + where
                + "); give one payload per file");
      }
      throw new InvalidPayloadException(
          source
              + ": not valid JSON at "
              + where
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new InvalidPayloadException(source + ": " + e.getMessage());
    }
  }

  /**
   * Parses and checks one payload of any format; {@code source} names it in errors (a file name).
   */
  public static Payload parse(String source, byte[] body) {
    JsonNode node = json(source, body);
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException(source + ": a payload must be a JSON object");
    }
    for (Field field :
        List.of(
            Field.INTEGRATION_TYPE,
            Field.INTEGRATION_IDENTIFIER,
            Field.EVENT_ID,
            Field.KIND_IDENTIFIER,
            Field.KIND)) {
      String value = PayloadKeys.text(node, field);
      if (value == null || value.isEmpty()) {
        String name =
            field.snake().equals(field.camel())
                ? "'" + field.snake() + "'"
                : "'" + field.snake() + "' (or '" + field.camel() + "')";
        throw new InvalidPayloadException(
            source + ": field " + name + " must be a non-empty string");
      }
    }
    if (!node.path(PayloadKeys.METRICS).path(PayloadKeys.PHASE).isObject()) {
      throw new InvalidPayloadException(source + ": field 'metrics.phase' must be an object");
    }
    return new Payload(
        PayloadKeys.text(node, Field.EVENT_ID),
        PayloadKeys.text(node, Field.KIND_IDENTIFIER),
        body);
  }

  /** The format {@code body} was written in: ocean when its keys are camelCase, else seed. */
  public static PayloadFormat formatOf(JsonNode body) {
    return body.has(Field.KIND_IDENTIFIER.camel()) && !body.has(Field.KIND_IDENTIFIER.snake())
        ? PayloadFormat.OCEAN
        : PayloadFormat.SEED;
  }

  /**
   * The run the payloads (all of one event) describe; kinds in the order given. Its state, end and
   * start come from its {@code __runtime__} payload when there is one (start: its {@code
   * reported_at} less its {@code resync} duration).
   */
  public static RunSnapshot run(List<Payload> payloads) {
    KindSnapshot runtime = null;
    JsonNode runtimeNode = null;
    List<KindSnapshot> kinds = new ArrayList<>();
    JsonNode first = null;
    for (Payload p : payloads) {
      JsonNode node = tree(p);
      if (first == null) {
        first = node;
      }
      KindSnapshot k = kind(node);
      if (k.isRuntime()) {
        runtime = k;
        runtimeNode = node;
      } else {
        kinds.add(k);
      }
    }
    if (first == null) {
      throw new InvalidPayloadException("no payloads");
    }
    if (runtime == null) {
      runtime = totals(kinds);
    }
    JsonNode head = runtimeNode != null ? runtimeNode : first;
    Instant reportedAt = instant(head.path(Field.REPORTED_AT.snake()).asText(), Instant.now());
    long runMillis = Math.round(runtime.duration(Phase.RESYNC) * 1000);
    return new RunSnapshot(
        first.path(Field.INTEGRATION_TYPE.snake()).asText(),
        first.path(Field.INTEGRATION_IDENTIFIER.snake()).asText(),
        first.path(Field.INTEGRATION_VERSION.snake()).asText(""),
        first.path(Field.EVENT_ID.snake()).asText(),
        head.path(Field.SYNC_STATE.snake())
            .asText(runtime.success() ? RunSnapshot.COMPLETED : RunSnapshot.FAILED),
        reportedAt.minusMillis(Math.max(0, runMillis)),
        reportedAt,
        kinds,
        runtime);
  }

  private static Instant instant(String text, Instant otherwise) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return otherwise;
    }
  }

  private static JsonNode tree(Payload p) {
    try {
      return CanonicalPayload.ofParsed(JSON.readTree(p.body())).body();
    } catch (java.io.IOException e) {
      throw new InvalidPayloadException(p.idempotencyKey() + ": not valid JSON");
    }
  }

  /** One kind of a canonical body (see {@link #tree}). */
  static KindSnapshot kind(JsonNode node) {
    JsonNode phases = node.path(PayloadKeys.METRICS).path(PayloadKeys.PHASE);
    double[] seconds = new double[Phase.values().length];
    long[] memory = new long[Phase.values().length];
    long[][] counts = KindSnapshot.noCounts();
    List<CustomValue> custom = new ArrayList<>();
    for (Phase p : Phase.values()) {
      JsonNode phase = phases.path(p.label());
      for (int t = 0; t < p.countTypes().size(); t++) {
        counts[p.ordinal()][t] =
            phase
                .path(PayloadKeys.OBJECT_COUNT_TYPE)
                .path(p.countTypes().get(t))
                .path(PayloadKeys.OBJECT_COUNT)
                .asLong(0);
      }
      seconds[p.ordinal()] = phase.path(PayloadKeys.DURATION).asDouble(0);
      memory[p.ordinal()] =
          phase.has(PayloadKeys.MEMORY) ? phase.path(PayloadKeys.MEMORY).asLong(-1) : -1;
      Iterator<Map.Entry<String, JsonNode>> fields = phase.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (!Phase.PAYLOAD_FIELDS.contains(e.getKey())) {
          collectCustom(
              p.label(), e.getKey(), e.getValue(), new ArrayList<>(), new ArrayList<>(), custom);
        }
      }
    }
    custom.sort(CustomValue.ORDER);
    String kindIdentifier = node.path(Field.KIND_IDENTIFIER.snake()).asText();
    String kind = node.path(Field.KIND.snake()).asText();
    int index = node.path(Field.KIND_INDEX.snake()).asInt(Payload.indexOf(kindIdentifier));
    JsonNode resync = phases.path(Phase.RESYNC.label());
    boolean success = resync.path(PayloadKeys.SUCCESS).asInt(1) == 1;
    String state = node.path(Field.SYNC_STATE.snake()).asText("");
    if (state.isEmpty()) {
      state = success ? RunSnapshot.COMPLETED : RunSnapshot.FAILED;
    }
    return new KindSnapshot(
        kind,
        index,
        kindIdentifier,
        success,
        success ? null : "reported " + state,
        counts,
        seconds,
        memory,
        custom,
        state,
        instant(node.path(Field.REPORTED_AT.snake()).asText(), null));
  }

  /** {@code key} is a metric name (number) or a label name whose children are label values. */
  private static void collectCustom(
      String phase,
      String key,
      JsonNode value,
      List<String> names,
      List<String> values,
      List<CustomValue> out) {
    if (value.isNumber()) {
      out.add(new CustomValue(key, "Custom metric " + key, phase, names, values, value.asDouble()));
      return;
    }
    if (!value.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> labelValues = value.fields();
    while (labelValues.hasNext()) {
      Map.Entry<String, JsonNode> lv = labelValues.next();
      Iterator<Map.Entry<String, JsonNode>> inner = lv.getValue().fields();
      while (inner.hasNext()) {
        Map.Entry<String, JsonNode> e = inner.next();
        List<String> n = new ArrayList<>(names);
        n.add(key);
        List<String> v = new ArrayList<>(values);
        v.add(lv.getKey());
        collectCustom(phase, e.getKey(), e.getValue(), n, v, out);
      }
    }
  }

  private static KindSnapshot totals(List<KindSnapshot> kinds) {
    return RunTotals.of(kinds, kinds.stream().allMatch(KindSnapshot::success), 0, -1);
  }
}
