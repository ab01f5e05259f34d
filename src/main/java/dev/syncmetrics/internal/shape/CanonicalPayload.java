package dev.syncmetrics.internal.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A metrics payload of any shape (the reporter's seed or ocean format, or what Ocean sent from
 * 0.22.0 to 0.48), with every spelling of every figure present: snake_case and camelCase top-level
 * keys, {@code object_count} headlines beside {@code object_count_type}, and the camelCase metric
 * names of the vendor's current guide ({@code durationSeconds}, {@code
 * objectCountType.rawExtracted.objectCount}). Mappings written for any of those shapes then read
 * any payload. Keys are only added, never removed or changed; an added count that was sent as a
 * whole float ({@code 120.0}) is added as the integer it is.
 *
 * <pre>{@code
 * CanonicalPayload p = CanonicalPayload.of(json);
 * if (p.notAResult() == null) { mappings.apply(p.body(), headers, query); }
 * }</pre>
 *
 * @param body the body with every spelling, or the body as sent when it is not a metrics payload
 * @param origin who wrote it, as far as the body tells
 * @param notAResult why the body reports no result (an Ocean progress notice, its reconciliation),
 *     or null when it does
 */
public record CanonicalPayload(JsonNode body, Origin origin, String notAResult) {

  /** Who wrote a body. */
  public enum Origin {
    /** The reporter (it names its version in {@code reporter_version}/{@code reporterVersion}). */
    SYNCMETRICS,
    /** Ocean (it names its version in {@code ocean_version}/{@code oceanVersion}). */
    OCEAN,
    /** Anything else, including bodies that are not metrics payloads. */
    OTHER
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> UNDER_WAY = Set.of("syncing", "pending", "queued");

  /**
   * True when the body's event id and kind identifier tell one delivery from another. Ocean's do
   * not: it sends one kind of one resync several times (under way, then done) and never retries.
   */
  public boolean idsIdentifyDeliveries() {
    return origin != Origin.OCEAN;
  }

  /** Reads {@code sent} (not changed); a body that is not a metrics payload comes back as is. */
  public static CanonicalPayload of(JsonNode sent) {
    return isMetricsPayload(sent) ? read(((ObjectNode) sent).deepCopy()) : other(sent);
  }

  /**
   * Reads a tree the caller has just parsed and owns, adding the spellings to it rather than to a
   * copy (what the catalog does for every request).
   */
  public static CanonicalPayload ofParsed(JsonNode parsed) {
    return isMetricsPayload(parsed) ? read((ObjectNode) parsed) : other(parsed);
  }

  private static CanonicalPayload other(JsonNode body) {
    return new CanonicalPayload(body, Origin.OTHER, null);
  }

  private static CanonicalPayload read(ObjectNode body) {
    Origin origin = origin(body);
    boolean snakeCase =
        body.has(Field.KIND_IDENTIFIER.snake()) && !body.has(Field.KIND_IDENTIFIER.camel());
    topLevel(body);
    JsonNode phases = body.path(PayloadKeys.METRICS).path(PayloadKeys.PHASE);
    if (phases.isObject()) {
      for (Phase p : Phase.values()) {
        JsonNode phase = phases.get(p.label());
        if (phase instanceof ObjectNode o) {
          phase(o, p);
        }
      }
    }
    return new CanonicalPayload(
        body, origin, origin == Origin.OCEAN ? oceanNotice(body, snakeCase) : null);
  }

  /** An object with a kind identifier (either spelling) and a {@code metrics} object. */
  static boolean isMetricsPayload(JsonNode body) {
    return body instanceof ObjectNode
        && PayloadKeys.text(body, Field.KIND_IDENTIFIER) != null
        && body.path(PayloadKeys.METRICS).isObject();
  }

  private static Origin origin(JsonNode body) {
    if (!PayloadKeys.value(body, Field.REPORTER_VERSION).isMissingNode()) {
      return Origin.SYNCMETRICS;
    }
    return PayloadKeys.value(body, Field.OCEAN_VERSION).isMissingNode()
        ? Origin.OTHER
        : Origin.OCEAN;
  }

  private static void topLevel(ObjectNode body) {
    String kindIdentifier = PayloadKeys.text(body, Field.KIND_IDENTIFIER);
    boolean aKind =
        !Payload.RUNTIME.equals(kindIdentifier)
            && !PayloadKeys.RECONCILIATION.equals(kindIdentifier);
    for (Field f : Field.values()) {
      if (f == Field.KIND_INDEX) {
        continue;
      }
      JsonNode snake = body.get(f.snake());
      JsonNode camel = body.get(f.camel());
      if (snake != null && camel == null) {
        body.set(f.camel(), snake);
      } else if (camel != null && snake == null) {
        body.set(f.snake(), camel);
      }
    }
    // Ocean 0.22.11 to 0.32.16 took kindIndex from the identifier's last character: the index is
    // read from the identifier here, as Payload splits it
    if (aKind && !body.has(Field.KIND_INDEX.snake())) {
      body.put(Field.KIND_INDEX.snake(), Payload.indexOf(kindIdentifier));
    }
    if (!body.has(Field.KIND_INDEX.camel())) {
      body.put(Field.KIND_INDEX.camel(), aKind ? Payload.indexOf(kindIdentifier) : 0);
    }
  }

  private static void phase(ObjectNode phase, Phase p) {
    mirror(phase, PayloadKeys.DURATION, PayloadKeys.DURATION_CAMEL);
    Set<String> types = new LinkedHashSet<>();
    names(phase.get(PayloadKeys.OBJECT_COUNT_TYPE), false, types);
    names(phase.get(PayloadKeys.OBJECT_COUNT_TYPE_CAMEL), true, types);
    String headline = p.countTypes().isEmpty() ? null : p.countTypes().get(0);
    JsonNode plain = phase.get(PayloadKeys.OBJECT_COUNT);
    if (plain == null && p == Phase.DELETE) {
      plain = phase.get(PayloadKeys.DELETION_COUNT);
    }
    if (headline != null && plain != null && plain.isNumber()) {
      types.add(headline);
    }
    if (types.isEmpty()) {
      return;
    }
    ObjectNode snakeTypes = child(phase, PayloadKeys.OBJECT_COUNT_TYPE);
    ObjectNode camelTypes = child(phase, PayloadKeys.OBJECT_COUNT_TYPE_CAMEL);
    for (String type : types) {
      ObjectNode s = child(snakeTypes, type);
      ObjectNode c = child(camelTypes, PayloadKeys.camel(type));
      JsonNode n = s.get(PayloadKeys.OBJECT_COUNT);
      if (n == null) {
        n = c.get(PayloadKeys.OBJECT_COUNT_CAMEL);
      }
      if (n == null && type.equals(headline)) {
        n = plain;
      }
      if (n == null) {
        continue;
      }
      if (!s.has(PayloadKeys.OBJECT_COUNT)) {
        s.set(PayloadKeys.OBJECT_COUNT, count(n));
      }
      if (!c.has(PayloadKeys.OBJECT_COUNT_CAMEL)) {
        c.set(PayloadKeys.OBJECT_COUNT_CAMEL, count(n));
      }
      if (type.equals(headline) && !phase.has(PayloadKeys.OBJECT_COUNT)) {
        phase.set(PayloadKeys.OBJECT_COUNT, count(n));
      }
    }
  }

  /** The count types named in {@code types} (an object), as snake_case names. */
  private static void names(JsonNode types, boolean camel, Set<String> out) {
    if (types == null || !types.isObject()) {
      return;
    }
    Iterator<String> it = types.fieldNames();
    while (it.hasNext()) {
      String name = it.next();
      out.add(camel ? snake(name) : name);
    }
  }

  private static String snake(String camel) {
    StringBuilder s = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        s.append('_').append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  private static void mirror(ObjectNode node, String snake, String camel) {
    JsonNode s = node.get(snake);
    JsonNode c = node.get(camel);
    if (s != null && c == null) {
      node.set(camel, s);
    } else if (c != null && s == null) {
      node.set(snake, c);
    }
  }

  /** The object under {@code key}, created when missing (an existing non-object is replaced). */
  private static ObjectNode child(ObjectNode parent, String key) {
    JsonNode existing = parent.get(key);
    if (existing instanceof ObjectNode o) {
      return o;
    }
    if (existing != null) {
      // a count type that is not an object holds nothing we can mirror: leave the sent value
      return NODES.objectNode();
    }
    return parent.putObject(key);
  }

  /** A count sent as a whole float ({@code 120.0}) is the integer 120. */
  private static JsonNode count(JsonNode n) {
    if (n.isFloatingPointNumber()) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return NODES.numberNode((long) d);
      }
    }
    return n;
  }

  /** Why an Ocean body reports no result, or null. */
  private static String oceanNotice(JsonNode body, boolean snakeCase) {
    String kindIdentifier = PayloadKeys.text(body, Field.KIND_IDENTIFIER);
    if (PayloadKeys.RECONCILIATION.equals(kindIdentifier)) {
      return "Ocean's "
          + PayloadKeys.RECONCILIATION
          + " payload counts the deletes of a whole resync: it is neither a kind nor the"
          + " integration's status, so no mapping is applied";
    }
    String state = PayloadKeys.text(body, Field.SYNC_STATE);
    if (state != null && UNDER_WAY.contains(state.toLowerCase(Locale.ROOT))) {
      return "Ocean says this resync is still under way (sync state "
          + state
          + "); the last result is kept, so no mapping is applied";
    }
    // Ocean 0.22.9 and 0.22.10 (snake_case with sync_state) resend every kind with its figures
    // zeroed when a resync starts, under the previous resync's state; a finished kind always has a
    // resync duration above zero
    JsonNode duration = body.at("/metrics/phase/resync/" + PayloadKeys.DURATION);
    if (snakeCase
        && state != null
        && !Payload.RUNTIME.equals(kindIdentifier)
        && duration.isNumber()
        && duration.doubleValue() == 0) {
      return "Ocean 0.22.9 and 0.22.10 resend every kind with zeroed figures when a resync starts;"
          + " this is not a result, so no mapping is applied";
    }
    return null;
  }
}
