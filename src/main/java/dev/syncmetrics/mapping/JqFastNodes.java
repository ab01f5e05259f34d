package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The nodes {@link JqFastPath} builds. Each evaluates to exactly one value, or throws {@link
 * #FALLBACK} for anything it does not handle plainly; the caller then runs the real jq program.
 */
final class JqFastNodes {
  private JqFastNodes() {}

  /** Thrown to hand an input over to the jackson-jq program; carries no stack trace. */
  static final class Fallback extends Exception {
    private static final long serialVersionUID = 1L;

    private Fallback() {
      super("handled by jackson-jq", null, false, false);
    }
  }

  static final Fallback FALLBACK = new Fallback();

  @FunctionalInterface
  interface Node {
    JsonNode eval(JsonNode in) throws Fallback;
  }

  static Node path(String[] fields) {
    return in -> {
      JsonNode node = in;
      for (String field : fields) {
        if (node.isObject()) {
          JsonNode next = node.get(field);
          node = next == null ? NullNode.getInstance() : next;
        } else if (!node.isNull()) {
          throw FALLBACK; // jq: Cannot index <type> with "<field>"
        }
      }
      return node;
    };
  }

  static Node identity() {
    return in -> in;
  }

  static Node constant(JsonNode value) {
    return in -> value;
  }

  static Node pipe(Node left, Node right) {
    return in -> right.eval(left.eval(in));
  }

  static Node alternative(Node left, Node right) {
    return in -> {
      JsonNode value = left.eval(in);
      return JqValues.truthy(value) ? value : right.eval(in);
    };
  }

  static Node or(Node left, Node right) {
    return in ->
        BooleanNode.valueOf(JqValues.truthy(left.eval(in)) || JqValues.truthy(right.eval(in)));
  }

  static Node and(Node left, Node right) {
    return in ->
        BooleanNode.valueOf(JqValues.truthy(left.eval(in)) && JqValues.truthy(right.eval(in)));
  }

  static Node conditional(Node condition, Node then, Node otherwise) {
    return in -> JqValues.truthy(condition.eval(in)) ? then.eval(in) : otherwise.eval(in);
  }

  static Node compare(String op, Node left, Node right) {
    return switch (op) {
      case "==" -> in -> BooleanNode.valueOf(equal(left.eval(in), right.eval(in)));
      case "!=" -> in -> BooleanNode.valueOf(!equal(left.eval(in), right.eval(in)));
      default ->
          in -> {
            double a = number(left.eval(in));
            double b = number(right.eval(in));
            boolean result =
                switch (op) {
                  case "<" -> a < b;
                  case "<=" -> a <= b;
                  case ">" -> a > b;
                  default -> a >= b;
                };
            return BooleanNode.valueOf(result);
          };
    };
  }

  /** jq's equality for scalars; containers go to jackson-jq. */
  private static boolean equal(JsonNode a, JsonNode b) throws Fallback {
    if (a.isContainerNode() || b.isContainerNode()) {
      throw FALLBACK;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    if (a.getNodeType() != b.getNodeType()) {
      return false;
    }
    return a.isNull() || a.equals(b);
  }

  static Node plus(Node left, Node right) {
    return in -> {
      JsonNode a = left.eval(in);
      JsonNode b = right.eval(in);
      if (a.isNull()) {
        return b;
      } else if (b.isNull()) {
        return a;
      } else if (a.isTextual() && b.isTextual()) {
        return TextNode.valueOf(a.textValue().concat(b.textValue()));
      } else if (a.isNumber() && b.isNumber()) {
        return number(a.asDouble() + b.asDouble());
      }
      throw FALLBACK;
    };
  }

  static Node arithmetic(char op, Node left, Node right) {
    return in -> {
      double a = number(left.eval(in));
      double b = number(right.eval(in));
      return switch (op) {
        case '-' -> number(a - b);
        case '*' -> number(a * b);
        default -> {
          if (b == 0) {
            throw FALLBACK; // jq: cannot be divided because the divisor is zero
          }
          yield number(a / b);
        }
      };
    };
  }

  /** The 0-arity builtins with a fast path, or null. */
  static Node function(String name) {
    return switch (name) {
      case "round" -> in -> number(round(number(in)));
      case "floor" -> in -> number(Math.floor(number(in)));
      case "ceil" -> in -> number(Math.ceil(number(in)));
      case "not" -> in -> BooleanNode.valueOf(!JqValues.truthy(in));
      case "now" -> in -> DoubleNode.valueOf(System.currentTimeMillis() / 1000.0);
      case "todateiso8601", "todate" -> JqFastNodes::isoDate;
      case "tostring" ->
          in -> {
            if (in.isTextual()) {
              return in;
            }
            if (in.isIntegralNumber() && in.canConvertToLong()) {
              return TextNode.valueOf(Long.toString(in.longValue()));
            }
            throw FALLBACK;
          };
      default -> null;
    };
  }

  /** C's round(): halfway cases away from zero (jq 1.6 rounds -2.5 to -3). */
  static double round(double x) {
    double whole = x < 0 ? Math.ceil(x) : Math.floor(x);
    return Math.abs(x - whole) >= 0.5 ? whole + Math.signum(x) : whole;
  }

  private static double number(JsonNode value) throws Fallback {
    if (!value.isNumber()) {
      throw FALLBACK;
    }
    return value.asDouble();
  }

  private static JsonNode number(double value) throws Fallback {
    if (!Double.isFinite(value)) {
      throw FALLBACK;
    }
    return value == Math.rint(value) && Math.abs(value) < 1e17
        ? LongNode.valueOf((long) value)
        : DoubleNode.valueOf(value);
  }

  private static final DateTimeFormatter ISO8601 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** 10000-01-01T00:00:00Z: past it the year no longer has four digits. */
  static final double MAX_FOUR_DIGIT_YEAR_SECONDS = 253402300800.0;

  private record FormattedSecond(long second, TextNode text) {}

  /** The last second formatted: {@code now | todateiso8601} formats once per second. */
  private static volatile FormattedSecond lastFormatted = new FormattedSecond(Long.MIN_VALUE, null);

  private static JsonNode isoDate(JsonNode in) throws Fallback {
    double seconds = number(in);
    if (seconds < 0 || seconds >= MAX_FOUR_DIGIT_YEAR_SECONDS) {
      throw FALLBACK;
    }
    long second = (long) Math.floor(seconds);
    FormattedSecond last = lastFormatted;
    if (last.second() != second) {
      last =
          new FormattedSecond(
              second, TextNode.valueOf(ISO8601.format(Instant.ofEpochSecond(second))));
      lastFormatted = last;
    }
    return last.text();
  }
}
