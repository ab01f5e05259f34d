package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.Entity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the write API's entity JSON: {@code {"identifier", "title", "icon", "team", "properties",
 * "relations"}}, one object or an array of them, and checks property types against the blueprint's
 * schema.
 */
final class EntityInput {
  static final int MAX_IDENTIFIER = EntityLimits.MAX_TEXT;

  private EntityInput() {}

  /**
   * @throws HttpError 400 naming the first field that is wrong
   */
  static List<Entity> read(Blueprint blueprint, JsonNode body) {
    List<Entity> out = new ArrayList<>();
    if (body.isArray()) {
      for (int i = 0; i < body.size(); i++) {
        out.add(one(blueprint, body.get(i), "[" + i + "]"));
      }
    } else {
      out.add(one(blueprint, body, ""));
    }
    return out;
  }

  private static Entity one(Blueprint blueprint, JsonNode node, String at) {
    if (!node.isObject()) {
      throw HttpError.badRequest("entity" + at + " must be a JSON object");
    }
    JsonNode id = node.get("identifier");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw HttpError.badRequest("entity" + at + ".identifier must be a non-empty string");
    }
    if (id.asText().length() > MAX_IDENTIFIER) {
      throw HttpError.badRequest(
          "entity" + at + ".identifier is longer than " + MAX_IDENTIFIER + " characters");
    }
    ObjectNode properties = objectField(node, "properties", at);
    checkTypes(blueprint, properties, at);
    Entity entity =
        new Entity(
            blueprint.identifier(),
            id.asText(),
            text(node, "title", at),
            text(node, "icon", at),
            text(node, "team", at),
            properties,
            objectField(node, "relations", at));
    String problem = EntityLimits.problem(entity);
    if (problem != null) {
      throw HttpError.badRequest("entity" + at + ": " + problem);
    }
    return entity;
  }

  private static String text(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw HttpError.badRequest("entity" + at + "." + field + " must be a string");
    }
    return value.asText();
  }

  private static ObjectNode objectField(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return HttpJson.object();
    }
    if (!value.isObject()) {
      throw HttpError.badRequest("entity" + at + "." + field + " must be a JSON object");
    }
    return (ObjectNode) value;
  }

  /** A property the blueprint declares must have the declared JSON type (or be null). */
  private static void checkTypes(Blueprint blueprint, ObjectNode properties, String at) {
    JsonNode schema = blueprint.definition().path("schema").path("properties");
    Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String type = schema.path(field.getKey()).path("type").asText("");
      JsonNode value = field.getValue();
      if (!value.isNull() && !type.isEmpty() && !fits(type, value.getNodeType())) {
        throw HttpError.badRequest(
            "entity"
                + at
                + ".properties."
                + field.getKey()
                + " must be a "
                + type
                + " (blueprint "
                + blueprint.identifier()
                + ")");
      }
    }
  }

  private static boolean fits(String type, JsonNodeType actual) {
    switch (type) {
      case "string":
        return actual == JsonNodeType.STRING;
      case "number":
        return actual == JsonNodeType.NUMBER;
      case "boolean":
        return actual == JsonNodeType.BOOLEAN;
      case "object":
        return actual == JsonNodeType.OBJECT;
      case "array":
        return actual == JsonNodeType.ARRAY;
      default:
        return true;
    }
  }
}
