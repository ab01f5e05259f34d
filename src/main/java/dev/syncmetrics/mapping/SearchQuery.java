package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A search query as the catalog vendor writes one for an identifier or a relation, with its values
 * worked out for one request: rules joined by {@code and} or {@code or}, each rule a condition
 * ({@code property}, {@code operator}, {@code value}) or a nested query. The catalog runs it
 * against its store when it writes (docs/mappings.md, "Search queries").
 *
 * <pre>{@code
 * SearchQuery q = SearchQuery.fromJson(json(
 *     "{\"combinator\":\"and\",\"rules\":[{\"property\":\"appVersion\",\"operator\":\"=\",\"value\":\"1.2\"}]}"));
 * q.matches("deployment", "web-1.2", "Web", properties);   // true when properties.appVersion is "1.2"
 * }</pre>
 *
 * <p>Properties: {@code $identifier}, {@code $title}, {@code $blueprint} and the blueprint's own.
 * Operators: {@code =} and {@code in} (the value is an array; any element may match).
 *
 * @param any true for {@code or}, false for {@code and}
 * @param rules the conditions and nested queries, at least one
 */
public record SearchQuery(boolean any, List<SearchRule> rules) implements SearchRule {
  /** The operators a condition may use. */
  public static final List<String> OPERATORS = List.of("=", "in");

  /** The entity fields a condition may name besides the blueprint's properties. */
  public static final List<String> META_PROPERTIES = List.of("$identifier", "$title", "$blueprint");

  /**
   * One condition.
   *
   * @param property {@code $identifier}, {@code $title}, {@code $blueprint} or a property name
   * @param operator {@code =} or {@code in}
   * @param value what the property is compared with (an array for {@code in})
   */
  public record Condition(String property, String operator, JsonNode value) implements SearchRule {
    public Condition {
      Objects.requireNonNull(property, "property must not be null");
      Objects.requireNonNull(operator, "operator must not be null");
      Objects.requireNonNull(value, "value must not be null");
      if (!OPERATORS.contains(operator)) {
        throw new IllegalArgumentException(
            "operator " + operator + " is not supported (supported: " + OPERATORS + ")");
      }
      if (operator.equals("in") && !value.isArray()) {
        throw new IllegalArgumentException(
            "operator in needs an array value, not " + JqValues.describe(value));
      }
    }

    /** The values this condition accepts: the value, or the elements of an {@code in} array. */
    public List<JsonNode> accepted() {
      List<JsonNode> out = new ArrayList<>();
      if (operator.equals("in")) {
        value.forEach(out::add);
      } else {
        out.add(value);
      }
      return out;
    }
  }

  public SearchQuery {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a search query needs at least one rule");
    }
  }

  /**
   * Reads {@code {"combinator": "and"|"or", "rules": [...]}}, each rule {@code {"property",
   * "operator", "value"}} or a nested query.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SearchQuery fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a search query must be a JSON object");
    }
    String combinator = json.path("combinator").asText("");
    if (!combinator.equals("and") && !combinator.equals("or")) {
      throw new IllegalArgumentException(
          "combinator must be \"and\" or \"or\", not " + json.path("combinator"));
    }
    if (!json.path("rules").isArray()) {
      throw new IllegalArgumentException("rules must be an array");
    }
    List<SearchRule> rules = new ArrayList<>();
    for (JsonNode rule : json.get("rules")) {
      if (rule.has("combinator")) {
        rules.add(fromJson(rule));
      } else if (rule.path("property").isTextual() && rule.path("operator").isTextual()) {
        rules.add(
            new Condition(
                rule.get("property").asText(),
                rule.get("operator").asText(),
                rule.path("value").isMissingNode()
                    ? JsonNodeFactory.instance.nullNode()
                    : rule.get("value")));
      } else {
        throw new IllegalArgumentException(
            "a rule needs a property and an operator (or a combinator and rules), not " + rule);
      }
    }
    return new SearchQuery(combinator.equals("or"), rules);
  }

  /** This query as the JSON {@link #fromJson} reads. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("combinator", any ? "or" : "and");
    ArrayNode list = node.putArray("rules");
    for (SearchRule rule : rules) {
      if (rule instanceof SearchQuery nested) {
        list.add(nested.toJson());
      } else {
        Condition c = (Condition) rule;
        list.addObject()
            .put("property", c.property())
            .put("operator", c.operator())
            .set("value", c.value());
      }
    }
    return node;
  }

  /**
   * Whether an entity matches. A property the entity lacks is null; numbers are equal by value
   * ({@code 2} matches {@code 2.0}), everything else by JSON equality.
   */
  public boolean matches(String blueprint, String identifier, String title, JsonNode properties) {
    for (SearchRule rule : rules) {
      boolean hit =
          rule instanceof SearchQuery nested
              ? nested.matches(blueprint, identifier, title, properties)
              : matches((Condition) rule, blueprint, identifier, title, properties);
      if (hit == any) {
        return any;
      }
    }
    return !any;
  }

  private static boolean matches(
      Condition c, String blueprint, String identifier, String title, JsonNode properties) {
    JsonNode actual =
        switch (c.property()) {
          case "$identifier" -> text(identifier);
          case "$title" -> text(title);
          case "$blueprint" -> text(blueprint);
          default -> properties == null ? null : properties.get(c.property());
        };
    if (actual == null) {
      actual = JsonNodeFactory.instance.nullNode();
    }
    for (JsonNode wanted : c.accepted()) {
      if (same(actual, wanted)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode text(String value) {
    return value == null
        ? JsonNodeFactory.instance.nullNode()
        : JsonNodeFactory.instance.textNode(value);
  }

  /** JSON equality, numbers by value. */
  public static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
