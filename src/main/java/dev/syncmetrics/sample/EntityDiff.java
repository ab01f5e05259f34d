package dev.syncmetrics.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Objects;

/** Tells whether the catalog already holds an entity as the sample would write it. */
final class EntityDiff {
  /** Numbers compare by value (the catalog may read 3 back as a long, or 3.0 as a double). */
  private static final Comparator<JsonNode> VALUES =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private EntityDiff() {}

  /** True when {@code held} has the same title, properties and relations as {@code wanted}. */
  static boolean same(JsonNode wanted, JsonNode held) {
    if (held == null) {
      return false;
    }
    return Objects.equals(text(wanted, "title"), text(held, "title"))
        && equal(wanted.path("properties"), held.path("properties"))
        && equal(wanted.path("relations"), held.path("relations"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static boolean equal(JsonNode a, JsonNode b) {
    if (a.isMissingNode() || b.isMissingNode()) {
      return emptyish(a) && emptyish(b);
    }
    return a.equals(VALUES, b);
  }

  private static boolean emptyish(JsonNode n) {
    return n.isMissingNode() || n.isNull() || (n.isObject() && n.isEmpty());
  }
}
