package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a blueprint allows: its properties' types, {@code enum}s and {@code date-time} formats, its
 * required properties and its relations. Built once at load; checks one value at a time.
 */
final class BlueprintSchema {
  static final Set<String> TYPES = Set.of("string", "number", "boolean", "object", "array");

  /** One property of the schema. {@code enumValues} is null when any value of the type goes. */
  record Property(
      String name, String type, List<JsonNode> enumValues, boolean dateTime, String itemsType) {}

  /** One relation: the blueprint it points to, and whether it holds an array of identifiers. */
  record Relation(String name, String target, boolean many) {}

  private final String blueprint;
  private final Map<String, Property> properties;
  private final Set<String> required;
  private final Map<String, Relation> relations;

  private BlueprintSchema(
      String blueprint,
      Map<String, Property> properties,
      Set<String> required,
      Map<String, Relation> relations) {
    this.blueprint = blueprint;
    this.properties = properties;
    this.required = required;
    this.relations = relations;
  }

  /**
   * Reads the schema of a blueprint definition, reporting what is wrong with it as (JSON path,
   * message) to {@code problems}.
   */
  static BlueprintSchema of(
      String identifier, JsonNode definition, BiConsumer<String, String> problems) {
    Map<String, Property> properties = new LinkedHashMap<>();
    JsonNode props = definition.path("schema").path("properties");
    if (!props.isMissingNode() && !props.isObject()) {
      problems.accept("schema.properties", "must be an object");
    }
    props
        .fields()
        .forEachRemaining(
            e -> {
              String path = "schema.properties" + JsonPaths.key(e.getKey());
              JsonNode spec = e.getValue();
              String type = spec.path("type").asText("");
              if (!TYPES.contains(type)) {
                problems.accept(
                    path + ".type",
                    "type must be one of "
                        + TYPES.stream().sorted().toList()
                        + ", not "
                        + spec.path("type"));
                return;
              }
              List<JsonNode> enumValues = null;
              if (spec.has("enum")) {
                if (!spec.get("enum").isArray()) {
                  problems.accept(path + ".enum", "enum must be an array");
                  return;
                }
                enumValues = List.copyOf(toList(spec.get("enum")));
              }
              boolean dateTime = "date-time".equals(spec.path("format").asText(null));
              String itemsType = spec.path("items").path("type").asText(null);
              properties.put(
                  e.getKey(), new Property(e.getKey(), type, enumValues, dateTime, itemsType));
            });
    Set<String> required = new HashSet<>();
    definition.path("schema").path("required").forEach(r -> required.add(r.asText()));
    Map<String, Relation> relations = new LinkedHashMap<>();
    definition
        .path("relations")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode target = e.getValue().path("target");
              if (!target.isTextual()) {
                problems.accept(
                    "relations" + JsonPaths.key(e.getKey()) + ".target",
                    "relation target must be a blueprint identifier");
                return;
              }
              relations.put(
                  e.getKey(),
                  new Relation(
                      e.getKey(), target.asText(), e.getValue().path("many").asBoolean(false)));
            });
    return new BlueprintSchema(
        identifier,
        Collections.unmodifiableMap(properties),
        Set.copyOf(required),
        Collections.unmodifiableMap(relations));
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> list = new java.util.ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  String blueprint() {
    return blueprint;
  }

  Property property(String name) {
    return properties.get(name);
  }

  Set<String> propertyNames() {
    return properties.keySet();
  }

  Relation relation(String name) {
    return relations.get(name);
  }

  Map<String, Relation> relations() {
    return relations;
  }

  boolean isRequired(String property) {
    return required.contains(property);
  }

  Set<String> required() {
    return required;
  }

  /** Why {@code value} does not fit {@code property}, or empty when it does. Null always fits. */
  Optional<String> check(Property property, JsonNode value) {
    if (value.isNull()) {
      return Optional.empty();
    }
    if (!hasType(value, property.type())) {
      return Optional.of(misfit(property, value, "expected " + property.type()));
    }
    if (property.enumValues() != null && !inEnum(property.enumValues(), value)) {
      return Optional.of(
          misfit(
              property,
              value,
              "expected one of "
                  + property.enumValues().stream().map(JsonNode::toString).toList()));
    }
    if (property.dateTime() && !isDateTime(value.textValue())) {
      return Optional.of(
          misfit(property, value, "expected a date-time such as 2026-11-21T10:00:00Z"));
    }
    if (property.itemsType() != null && TYPES.contains(property.itemsType())) {
      for (JsonNode item : value) {
        if (!item.isNull() && !hasType(item, property.itemsType())) {
          return Optional.of(
              misfit(
                  property,
                  value,
                  "expected an array of "
                      + property.itemsType()
                      + " but an item is "
                      + JqValues.describe(item)));
        }
      }
    }
    return Optional.empty();
  }

  private String misfit(Property property, JsonNode value, String expected) {
    return "value "
        + JsonPaths.shortJson(value)
        + " ("
        + JqValues.typeOf(value)
        + ") does not fit property "
        + property.name()
        + " of blueprint "
        + blueprint
        + ": "
        + expected;
  }

  private static boolean inEnum(List<JsonNode> values, JsonNode value) {
    for (JsonNode allowed : values) {
      if (allowed.equals(value)
          || (allowed.isNumber() && value.isNumber() && allowed.asDouble() == value.asDouble())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      default -> value.isArray();
    };
  }

  /** RFC 3339 date-time; the shape {@code now | todateiso8601} gives is checked without parsing. */
  static boolean isDateTime(String text) {
    if (text.length() == 20 && text.charAt(19) == 'Z' && hasDigitsAt(text)) {
      int month = twoDigits(text, 5);
      int day = twoDigits(text, 8);
      if (month >= 1
          && month <= 12
          && day >= 1
          && day <= 28
          && twoDigits(text, 11) < 24
          && twoDigits(text, 14) < 60
          && twoDigits(text, 17) < 60) {
        return true;
      }
    }
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean hasDigitsAt(String s) {
    for (int i = 0; i < 19; i++) {
      char c = s.charAt(i);
      boolean separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
      char expected = i == 10 ? 'T' : (i == 13 || i == 16 ? ':' : '-');
      if (separator ? c != expected : (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static int twoDigits(String s, int at) {
    return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
  }
}
