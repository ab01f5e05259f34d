package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** jq's view of JSON values: how it names them in errors, prints numbers, and tests truth. */
final class JqValues {
  private JqValues() {}

  /**
   * jq's description of a value in error messages, such as {@code string ("abc")}: long values are
   * cut as jq cuts them ({@link JqDump#truncated}).
   */
  static String describe(JsonNode value) {
    return typeOf(value) + " (" + JqDump.truncated(value) + ")";
  }

  static String typeOf(JsonNode value) {
    return switch (value.getNodeType()) {
      case NULL, MISSING -> "null";
      case BOOLEAN -> "boolean";
      case NUMBER -> "number";
      case STRING -> "string";
      case ARRAY -> "array";
      case OBJECT -> "object";
      default -> "unknown";
    };
  }

  /** jq's truth: everything but {@code false} and {@code null} is true. */
  static boolean truthy(JsonNode value) {
    return !(value.isNull() || value.isMissingNode() || (value.isBoolean() && !value.asBoolean()));
  }

  /**
   * Numbers as jq 1.6 prints them: an integral double becomes an integer ({@code round} gives
   * {@code 3}, not {@code 3.0}), infinities become the largest double and NaN becomes null. Returns
   * {@code value} itself when nothing changes, so the common case allocates nothing.
   */
  static JsonNode normalize(JsonNode value) {
    if (value.isDouble() || value.isFloat() || value.isBigDecimal()) {
      double d = value.asDouble();
      boolean printsAsIs = Double.isFinite(d) && (d != Math.rint(d) || Math.abs(d) >= 1e17);
      return printsAsIs && value.isDouble() ? value : normalizeNumber(d);
    }
    if (value.isArray()) {
      ArrayNode copy = null;
      for (int i = 0; i < value.size(); i++) {
        JsonNode element = value.get(i);
        JsonNode normal = normalize(element);
        if (normal != element && copy == null) {
          copy = ((ArrayNode) value).deepCopy();
        }
        if (copy != null) {
          copy.set(i, normal);
        }
      }
      return copy == null ? value : copy;
    }
    if (value.isObject()) {
      ObjectNode copy = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode normal = normalize(field.getValue());
        if (normal != field.getValue() && copy == null) {
          copy = ((ObjectNode) value).deepCopy();
        }
        if (copy != null) {
          copy.set(field.getKey(), normal);
        }
      }
      return copy == null ? value : copy;
    }
    return value;
  }

  private static JsonNode normalizeNumber(double d) {
    if (Double.isNaN(d)) {
      return NullNode.getInstance();
    }
    if (Double.isInfinite(d)) {
      return DoubleNode.valueOf(d > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e17) {
      return LongNode.valueOf((long) d);
    }
    return DoubleNode.valueOf(d);
  }

  static JsonNodeFactory factory() {
    return JsonNodeFactory.instance;
  }
}
