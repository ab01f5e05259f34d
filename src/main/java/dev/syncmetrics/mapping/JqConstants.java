package dev.syncmetrics.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.syncmetrics.mapping.JqTree.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The constants jq 1.6 knows at compile time: literals, arrays and objects of constants, and {@code
 * + - * /} and the comparisons of two constants, which its parser folds ({@code constant_fold}). jq
 * rejects {@code {(0): 1}} and {@code 1/0} for them, and gives {@code null} for {@code 0/0}, where
 * at run time it would fail.
 */
final class JqConstants {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JqConstants() {}

  /** The node's value if jq folds it to a constant, else null (Java). */
  static JsonNode value(JqTree n) {
    switch (n.kind) {
      case NUMBER -> {
        try {
          return DoubleNode.valueOf(Double.parseDouble(n.name));
        } catch (NumberFormatException e) {
          return null;
        }
      }
      case STRING -> {
        try {
          return JSON.readTree(n.name);
        } catch (JsonProcessingException e) {
          return null;
        }
      }
      case LITERAL -> {
        return switch (n.name) {
          case "true" -> BooleanNode.TRUE;
          case "false" -> BooleanNode.FALSE;
          default -> NullNode.getInstance();
        };
      }
      case PAREN -> {
        return value(n.child(0));
      }
      case ARRAY -> {
        return array(n);
      }
      case OBJECT -> {
        return object(n);
      }
      case BINARY -> {
        JsonNode a = value(n.child(0));
        JsonNode b = a == null ? null : value(n.child(1));
        return b == null ? null : fold(n.name, a, b);
      }
      default -> {
        return null;
      }
    }
  }

  private static JsonNode array(JqTree n) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    if (n.children.isEmpty()) {
      return array;
    }
    List<JqTree> items = new ArrayList<>();
    flatten(n.child(0), items);
    for (JqTree item : items) {
      JsonNode v = value(item);
      if (v == null) {
        return null;
      }
      array.add(v);
    }
    return array;
  }

  private static void flatten(JqTree n, List<JqTree> out) {
    if (n.is(Kind.COMMA)) {
      flatten(n.child(0), out);
      flatten(n.child(1), out);
    } else {
      out.add(n);
    }
  }

  private static JsonNode object(JqTree n) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (JqTree entry : n.children) {
      String key;
      JqTree value;
      if (entry.name != null && entry.children.size() == 1) {
        key = entry.name;
        value = entry.child(0);
      } else if (entry.name == null
          && entry.children.size() == 2
          && entry.child(0).is(Kind.STRING)) {
        key = value(entry.child(0)).asText();
        value = entry.child(1);
      } else {
        return null;
      }
      JsonNode v = value(value);
      if (v == null) {
        return null;
      }
      object.set(key, v);
    }
    return object;
  }

  private static JsonNode fold(String op, JsonNode a, JsonNode b) {
    if (op.equals("+") && a.isNull()) {
      return b;
    }
    if (op.equals("+") && b.isNull()) {
      return a;
    }
    if (a.getNodeType() != b.getNodeType()) {
      return null;
    }
    if (a.isNumber()) {
      double x = a.asDouble();
      double y = b.asDouble();
      return switch (op) {
        case "+" -> DoubleNode.valueOf(x + y);
        case "-" -> DoubleNode.valueOf(x - y);
        case "*" -> DoubleNode.valueOf(x * y);
        case "/" -> DoubleNode.valueOf(x / y);
        case "==" -> BooleanNode.valueOf(x == y);
        case "!=" -> BooleanNode.valueOf(x != y);
        case "<" -> BooleanNode.valueOf(x < y);
        case ">" -> BooleanNode.valueOf(x > y);
        case "<=" -> BooleanNode.valueOf(x <= y);
        case ">=" -> BooleanNode.valueOf(x >= y);
        default -> null;
      };
    }
    if (op.equals("+") && a.isTextual()) {
      return TextNode.valueOf(a.textValue() + b.textValue());
    }
    return null;
  }

  /** jq's compile error for a constant object key that is not a string, or null. */
  static String badKey(JqTree key) {
    JsonNode v = value(key);
    if (v == null || v.isTextual()) {
      return null;
    }
    return "Cannot use " + JqValues.describe(v) + " as object key";
  }

  /** Whether {@code a / b} is folded to an infinity, which jq rejects: "Division by zero?". */
  static boolean infiniteQuotient(JqTree n) {
    if (!n.is(Kind.BINARY) || !n.name.equals("/")) {
      return false;
    }
    JsonNode v = value(n);
    return v != null && v.isNumber() && Double.isInfinite(v.asDouble());
  }

  /** Whether {@code a / b} is folded to NaN ({@code 0/0}), which jq prints as null. */
  static boolean nanQuotient(JqTree n) {
    if (!n.is(Kind.BINARY) || !n.name.equals("/")) {
      return false;
    }
    JsonNode v = value(n);
    return v != null && v.isNumber() && Double.isNaN(v.asDouble());
  }
}
