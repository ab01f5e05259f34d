package dev.syncmetrics.internal.catalog.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What every JSON body must be beyond well-formed, checked before any handler sees it, so that no
 * store (SQLite or PostgreSQL) and no reader (jq, the dashboard's JavaScript) gets a value it would
 * store differently, refuse later or choke on:
 *
 * <ul>
 *   <li>UTF-8, strictly: no overlong forms (such as {@code C0 AF} for "/"), no encoded surrogates,
 *       no stray bytes, no UTF-16 or UTF-32 (which Jackson would otherwise detect and accept);
 *   <li>no NUL ({@code \u0000}) and no unpaired surrogate ({@code \ud800}) in any string or key:
 *       PostgreSQL cannot store the first, and neither is text;
 *   <li>every number finite as a 64-bit IEEE 754 double, that is at most about {@code
 *       ±1.7976931348623157e308}: that is the range of JSON numbers in JavaScript, jq and
 *       PostgreSQL's float8, so a larger one ({@code 1e999}) would become infinity, a clamped
 *       maximum or the string {@code "Infinity"} depending on who reads it. Tiny numbers ({@code
 *       1e-999}) are finite (zero) and accepted.
 * </ul>
 *
 * <pre>{@code
 * JsonChecks.utf8(body);          // 400 naming the byte offset
 * JsonChecks.values(tree);        // 400 naming the field, such as metrics.phase.resync.duration_seconds
 * }</pre>
 */
final class JsonChecks {
  private JsonChecks() {}

  /**
   * @throws HttpError 400 naming the offset of the first byte that is not strict UTF-8
   */
  static void utf8(byte[] body) {
    int i = 0;
    int n = body.length;
    while (i < n) {
      int b = body[i] & 0xFF;
      if (b < 0x80) {
        if (b == 0) {
          throw HttpError.badRequest(
              "the body has a NUL byte at offset " + i + "; send UTF-8 JSON (not UTF-16)");
        }
        i++;
        continue;
      }
      int length;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        min = 0x10000;
      } else {
        throw notUtf8(i, b);
      }
      if (i + length > n) {
        throw HttpError.badRequest(
            "the body is not valid UTF-8: it ends inside a character at offset " + i);
      }
      int cp = b & (0xFF >> (length + 1));
      for (int k = 1; k < length; k++) {
        int c = body[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          throw notUtf8(i, b);
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw notUtf8(i, b);
      }
      i += length;
    }
  }

  private static HttpError notUtf8(int offset, int b) {
    return HttpError.badRequest(
        String.format(
            "the body is not valid UTF-8 at offset %d (byte 0x%02X: an invalid, overlong or"
                + " surrogate sequence)",
            offset, b));
  }

  /**
   * @throws HttpError 400 naming the first field whose key or value is not allowed
   */
  static void values(JsonNode root) {
    Deque<Object[]> todo = new ArrayDeque<>();
    todo.push(new Object[] {root, ""});
    while (!todo.isEmpty()) {
      Object[] item = todo.pop();
      JsonNode node = (JsonNode) item[0];
      String path = (String) item[1];
      if (node.isObject()) {
        List<Object[]> children = new ArrayList<>(node.size());
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String child = path + key(field.getKey());
          text(field.getKey(), child, "key");
          children.add(new Object[] {field.getValue(), child});
        }
        for (int i = children.size() - 1; i >= 0; i--) {
          todo.push(children.get(i)); // so that the first problem in document order is named
        }
      } else if (node.isArray()) {
        for (int i = node.size() - 1; i >= 0; i--) {
          todo.push(new Object[] {node.get(i), path + "[" + i + "]"});
        }
      } else if (node.isTextual()) {
        text(node.textValue(), path, "string");
      } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
        throw HttpError.badRequest(
            "the number at "
                + where(path)
                + " is out of range: JSON numbers must be finite 64-bit floats"
                + " (at most about 1.8e308 either side of zero)");
      }
    }
  }

  private static void text(String s, String path, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw HttpError.badRequest(
            "the " + what + " at " + where(path) + " contains a NUL character (\\u0000)");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw HttpError.badRequest(
            "the "
                + what
                + " at "
                + where(path)
                + " contains an unpaired surrogate (\\u"
                + Integer.toHexString(c)
                + "), which is not text");
      }
    }
  }

  /** {@code .name} for plain keys, {@code ["odd key"]} for the rest, cut to 100 characters. */
  private static String key(String name) {
    if (name.matches("[A-Za-z_][A-Za-z0-9_\\-]{0,99}")) {
      return "." + name;
    }
    StringBuilder out = new StringBuilder("[\"");
    for (int i = 0; i < name.length() && i < 100; i++) {
      char c = name.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(name.length() > 100 ? "...\"]" : "\"]").toString();
  }

  private static String where(String path) {
    if (path.isEmpty()) {
      return "the top level";
    }
    return path.startsWith(".") ? path.substring(1) : path;
  }
}
