package dev.syncmetrics.mapping;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Values as jq 1.6 writes them in text ({@code tostring}, {@code tojson}, string interpolation, the
 * formats): compact JSON, numbers in jq's notation, strings escaped as jq escapes them.
 *
 * <p>jq 1.6 prints a number with the fewest significant digits that read back as the same double
 * (David Gay's {@code dtoa}, mode 0), then lays them out as its {@code jvp_dtoa_fmt} does: an
 * exponent of at least two digits when the decimal point would be more than 3 places left of the
 * digits or more than 15 places right of them ({@code 1e-05}, {@code 1e+17}, {@code 1.5e+300}),
 * plain digits otherwise ({@code 0.0001}, {@code 12345678901234568}). Java 17's {@code
 * Double.toString} does not always give the fewest digits, so the digits come from Jackson's
 * Schubfach writer, which does. NaN is {@code null} and infinities are the largest double.
 *
 * <p>One difference is kept on purpose: integers held exactly (JSON input or integer arithmetic
 * beyond 2^53) print all their digits, where jq would have rounded them to a double; mappings carry
 * such integers as identifiers. Negative zero prints as {@code -0} when it reaches here as a
 * double.
 */
final class JqDump {
  private JqDump() {}

  /** jq's {@code tostring}: a string as it is, anything else as {@link #json}. */
  static String text(JsonNode value) {
    return value.isTextual() ? value.textValue() : json(value);
  }

  /** jq's {@code tojson}: compact JSON. */
  static String json(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case STRING -> string(value.textValue(), out);
      case NUMBER -> out.append(number(value));
      case BOOLEAN -> out.append(value.booleanValue());
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        out.append('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (!first) {
            out.append(',');
          }
          first = false;
          string(field.getKey(), out);
          out.append(':');
          write(field.getValue(), out);
        }
        out.append('}');
      }
      default -> out.append("null");
    }
  }

  /** A number as jq prints it; see the class comment. */
  static String number(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.isBigInteger()
          ? value.bigIntegerValue().toString()
          : Long.toString(value.asLong());
    }
    return number(value.doubleValue());
  }

  /** A double as jq 1.6 prints it ({@code jvp_dtoa_fmt}). */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "null";
    }
    if (Double.isInfinite(d)) {
      d = d > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e16 && !(d == 0 && 1 / d < 0)) {
      return Long.toString((long) d); // plain digits, as jq prints every integer below 10^16
    }
    String java = NumberOutput.toString(Math.abs(d), true); // shortest digits, Java's layout
    int e = java.indexOf('E');
    String mantissa = e < 0 ? java : java.substring(0, e);
    int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
    int point = mantissa.indexOf('.');
    StringBuilder digits = new StringBuilder(mantissa.length());
    digits.append(mantissa, 0, point).append(mantissa, point + 1, mantissa.length());
    int decpt = point + exponent; // digits d1 d2 ... stand for 0.d1d2... * 10^decpt
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    digits.delete(0, lead);
    decpt -= lead;
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits.setLength(end);
    StringBuilder out = new StringBuilder(24);
    if (d < 0 || (d == 0 && 1 / d < 0)) {
      out.append('-');
    }
    if (digits.length() == 1 && digits.charAt(0) == '0') {
      return out.append('0').toString();
    }
    int n = digits.length();
    if (decpt <= -4 || decpt > n + 15) {
      out.append(digits.charAt(0));
      if (n > 1) {
        out.append('.').append(digits, 1, n);
      }
      int exp = decpt - 1;
      out.append('e').append(exp < 0 ? '-' : '+');
      String magnitude = Integer.toString(Math.abs(exp));
      if (magnitude.length() < 2) {
        out.append('0');
      }
      out.append(magnitude);
    } else if (decpt <= 0) {
      out.append("0.");
      out.append("0".repeat(-decpt));
      out.append(digits);
    } else if (decpt >= n) {
      out.append(digits).append("0".repeat(decpt - n));
    } else {
      out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
    }
    return out.toString();
  }

  /** A string as jq writes it in JSON: {@code "} and {@code \} escaped, control characters too. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A value in a jq error message: its JSON, cut to 11 characters and {@code ...} when longer than
   * 14, as jq's {@code jv_dump_string_trunc} does.
   */
  static String truncated(JsonNode value) {
    String text = json(value);
    return text.length() > 14 ? text.substring(0, 11) + "..." : text;
  }
}
