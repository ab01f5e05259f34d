package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.internal.catalog.http.PublicText;
import dev.syncmetrics.mapping.Deletion;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityUpdate;
import dev.syncmetrics.mapping.MappingError;
import dev.syncmetrics.mapping.MappingResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What every entity must be before it is stored, whichever way it came (a webhook's mappings or the
 * write API): identifier, title, icon and team of at most {@link #MAX_TEXT} characters, no NUL or
 * unpaired surrogate in them, and properties and relations without NUL and with finite numbers
 * only. Request bodies are checked as they arrive (the HTTP layer's {@code JsonChecks}); this
 * catches what a mapping makes of them (a jq {@code infinite}, a header's value, a long {@code
 * join}).
 *
 * <pre>{@code
 * MappingResult stored = EntityLimits.enforce(mapper.apply(body, headers, query));
 * String problem = EntityLimits.problem(entity);   // null when it may be stored
 * }</pre>
 */
final class EntityLimits {
  /** The longest identifier, title, icon or team, in characters (UTF-16 units). */
  static final int MAX_TEXT = 1000;

  private EntityLimits() {}

  /**
   * The result with every entity, update and delete that breaks a limit taken out and reported as a
   * mapping error, and a request identifier that breaks one dropped (and reported): it is kept as a
   * key like {@code Idempotency-Key}, so the same limit applies. The others are stored as usual.
   */
  static MappingResult enforce(MappingResult result) {
    List<Entity> upserts = new ArrayList<>();
    List<MappingError> errors = new ArrayList<>();
    for (MappingError e : result.errors()) {
      errors.add(shown(e));
    }
    for (Entity e : result.upserts()) {
      String problem = problem(e);
      if (problem == null) {
        upserts.add(e);
      } else {
        errors.add(new MappingError(null, "entity", shortId(e.identifier()), problem));
      }
    }
    List<EntityUpdate> updates = new ArrayList<>();
    for (EntityUpdate u : result.updates()) {
      String problem = problem(u);
      if (problem == null) {
        updates.add(u);
      } else {
        errors.add(new MappingError(null, "entity", null, problem));
      }
    }
    List<Deletion> deletes = new ArrayList<>();
    for (Deletion d : result.deletes()) {
      String problem = text("identifier", d.entity().identifier());
      if (problem == null) {
        deletes.add(d);
      } else {
        errors.add(new MappingError(null, "delete", shortId(d.entity().identifier()), problem));
      }
    }
    String requestId = result.requestIdentifier();
    if (requestId != null) {
      String problem =
          requestId.length() > WebhookHandler.MAX_IDEMPOTENCY_KEY
              ? "the request identifier is longer than "
                  + WebhookHandler.MAX_IDEMPOTENCY_KEY
                  + " characters"
              : notText("request identifier", requestId);
      if (problem != null) {
        errors.add(
            new MappingError(
                null,
                "security.requestIdentifierPath",
                null,
                problem + "; the request is not checked for repeats"));
        requestId = null;
      }
    }
    return new MappingResult(upserts, updates, deletes, result.filteredOut(), errors, requestId);
  }

  /** What is wrong with an update by search query, or null when it may be stored. */
  static String problem(EntityUpdate u) {
    String problem = json("identifier", u.identifier().toJson());
    if (problem == null) {
      problem = text("title", u.title());
    }
    if (problem == null) {
      problem = text("icon", u.icon());
    }
    if (problem == null) {
      problem = text("team", u.team());
    }
    if (problem == null) {
      problem = json("properties", u.properties());
    }
    if (problem == null) {
      problem = json("relations", u.relations());
    }
    return problem;
  }

  /** What is wrong with an entity, or null when it may be stored. */
  static String problem(Entity e) {
    String problem = text("identifier", e.identifier());
    if (problem == null && e.identifier().isBlank()) {
      problem = "the identifier is empty";
    }
    if (problem == null) {
      problem = text("title", e.title());
    }
    if (problem == null) {
      problem = text("icon", e.icon());
    }
    if (problem == null) {
      problem = text("team", e.team());
    }
    if (problem == null) {
      problem = json("properties", e.properties());
    }
    if (problem == null) {
      problem = json("relations", e.relations());
    }
    return problem;
  }

  private static String text(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_TEXT) {
      return "the "
          + field
          + " is "
          + value.length()
          + " characters long; the catalog's limit is "
          + MAX_TEXT;
    }
    return notText(field, value);
  }

  private static String notText(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        return "the " + field + " contains a NUL character (\\u0000)";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "the " + field + " contains an unpaired surrogate, which is not text";
      }
    }
    return null;
  }

  private static String json(String path, JsonNode node) {
    if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      return path + " is not a finite number";
    }
    if (node.isTextual()) {
      return notText(path, node.textValue());
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String problem = json(path + "[" + i + "]", node.get(i));
        if (problem != null) {
          return problem;
        }
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String child = path + "." + f.getKey();
      String problem = notText(child + " (its name)", f.getKey());
      if (problem == null) {
        problem = json(child, f.getValue());
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** An identifier fit to show in an answer: at most 100 characters, no NUL. */
  static String shortId(String id) {
    String clean = id.replace('\0', '?');
    return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
  }

  /**
   * A mapping error as a client may see it: the file relative to the mappings folder ({@code
   * webhooks/kind-metrics.json}, never the server's absolute path) and a message without class
   * names.
   */
  static MappingError shown(MappingError e) {
    return new MappingError(relative(e.file()), e.path(), e.entity(), PublicText.of(e.message()));
  }

  private static String relative(String file) {
    if (file == null) {
      return null;
    }
    String f = file.replace('\\', '/');
    int at = f.lastIndexOf("/webhooks/");
    if (at >= 0) {
      return f.substring(at + 1);
    }
    if (f.startsWith("/") || f.matches("^[A-Za-z]:/.*")) {
      return f.substring(f.lastIndexOf('/') + 1);
    }
    return f;
  }
}
