package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The builtins that turn values into text, replaced so that numbers read as jq 1.6 writes them
 * ({@link JqDump}): {@code tostring}, {@code tojson}, the formats {@code @text @json @csv @tsv @sh
 * @html @uri @base64 @base64d}, {@code join}, and {@code _sm_tostring}, which string interpolation
 * calls ({@link JqRewriter} makes {@code "\(x)"} read {@code "\((x) | _sm_tostring)"}, since
 * jackson-jq would print {@code 2.0}). Also {@code implode} and {@code ascii_downcase}/{@code
 * ascii_upcase}, whose jackson-jq versions lose characters above U+FFFF, and {@code indices},
 * {@code index} and {@code rindex} of strings, which count bytes in jq 1.6.
 */
final class JqFormats {
  private JqFormats() {}

  static void register(Scope scope) {
    Function tostring = text(v -> JqDump.text(v));
    scope.addFunction("tostring", 0, tostring);
    scope.addFunction("_sm_tostring", 0, tostring);
    scope.addFunction("@text", 0, tostring);
    Function tojson = text(JqDump::json);
    scope.addFunction("tojson", 0, tojson);
    scope.addFunction("@json", 0, tojson);
    scope.addFunction("@csv", 0, text(v -> row(v, true)));
    scope.addFunction("@tsv", 0, text(v -> row(v, false)));
    scope.addFunction("@sh", 0, text(JqFormats::shell));
    scope.addFunction("@html", 0, text(v -> html(JqDump.text(v))));
    scope.addFunction("@uri", 0, text(v -> uri(JqDump.text(v))));
    scope.addFunction(
        "@base64",
        0,
        text(
            v ->
                Base64.getEncoder()
                    .encodeToString(JqDump.text(v).getBytes(StandardCharsets.UTF_8))));
    Function base64d = scope.getFunction("@base64d", 0); // jackson-jq's, given the text
    scope.addFunction(
        "@base64d",
        0,
        (sc, args, in, path, out, v) ->
            base64d.apply(sc, args, TextNode.valueOf(JqDump.text(in)), path, out, v));
    scope.addFunction(
        "join",
        1,
        (sc, args, in, path, out, v) ->
            args.get(0).apply(sc, in, sep -> out.emit(join(in, sep), null)));
    scope.addFunction("implode", 0, text(JqFormats::implode));
    indices(scope);
    scope.addFunction("ascii_downcase", 0, text(v -> ascii(v, 'A', 'Z', 32)));
    scope.addFunction("ascii_upcase", 0, text(v -> ascii(v, 'a', 'z', -32)));
  }

  private interface ToText {
    String apply(JsonNode value) throws JsonQueryException;
  }

  private static Function text(ToText f) {
    return (sc, args, in, path, out, v) -> out.emit(TextNode.valueOf(f.apply(in)), null);
  }

  /** {@code @csv} and {@code @tsv} of one array. */
  private static String row(JsonNode in, boolean csv) throws JsonQueryException {
    if (!in.isArray()) {
      throw new JsonQueryException(
          JqValues.describe(in)
              + (csv
                  ? " cannot be csv-formatted, only array"
                  : " cannot be tsv-formatted, only array"));
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < in.size(); i++) {
      JsonNode x = in.get(i);
      if (i > 0) {
        line.append(csv ? ',' : '\t');
      }
      switch (x.getNodeType()) {
        case NULL -> {}
        case BOOLEAN -> line.append(x.booleanValue());
        case NUMBER -> {
          if (!Double.isNaN(x.asDouble())) {
            line.append(JqDump.number(x));
          }
        }
        case STRING -> {
          if (csv) {
            line.append('"').append(x.textValue().replace("\"", "\"\"")).append('"');
          } else {
            tsvEscaped(x.textValue(), line);
          }
        }
        default ->
            throw new JsonQueryException(JqValues.describe(x) + " is not valid in a csv row");
      }
    }
    return line.toString();
  }

  private static void tsvEscaped(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\\' -> out.append("\\\\");
        default -> out.append(c);
      }
    }
  }

  private static String shell(JsonNode in) throws JsonQueryException {
    StringBuilder line = new StringBuilder();
    Iterable<JsonNode> items = in.isArray() ? in : java.util.List.of(in);
    boolean first = true;
    for (JsonNode x : items) {
      if (!first) {
        line.append(' ');
      }
      first = false;
      if (x.isTextual()) {
        line.append('\'').append(x.textValue().replace("'", "'\\''")).append('\'');
      } else if (x.isContainerNode()) {
        throw new JsonQueryException(JqValues.describe(x) + " can not be escaped for shell");
      } else {
        line.append(JqDump.json(x));
      }
    }
    return line.toString();
  }

  private static String html(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\'' -> out.append("&apos;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** jq 1.6 keeps letters, digits and {@code -_.!~*'()}; every other byte is %XX. */
  private static String uri(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * jq 1.6's {@code join}: {@code reduce .[] as $i (null; (if . == null then "" else . + $x end) +
   * ($i | if type == "boolean" or type == "number" then tostring else . // "" end)) // ""}.
   */
  private static JsonNode join(JsonNode in, JsonNode sep) throws JsonQueryException {
    if (!in.isContainerNode()) {
      throw new JsonQueryException("Cannot iterate over " + JqValues.describe(in));
    }
    String acc = null;
    for (JsonNode item : in) {
      String left = acc == null ? "" : plus(acc, sep);
      JsonNode part;
      if (item.isBoolean() || item.isNumber()) {
        part = TextNode.valueOf(JqDump.text(item));
      } else if (item.isNull()) {
        part = TextNode.valueOf("");
      } else {
        part = item;
      }
      acc = plus(left, part);
    }
    return TextNode.valueOf(acc == null ? "" : acc);
  }

  /** A string plus a value, as jq adds them: null adds nothing, another string is appended. */
  private static String plus(String left, JsonNode right) throws JsonQueryException {
    if (right.isNull()) {
      return left;
    }
    if (right.isTextual()) {
      return left + right.textValue();
    }
    throw new JsonQueryException(
        JqValues.describe(TextNode.valueOf(left))
            + " and "
            + JqValues.describe(right)
            + " cannot be added");
  }

  /**
   * {@code indices}, {@code index} and {@code rindex} of a string in a string give byte offsets
   * into its UTF-8 text, as jq 1.6's {@code _strindices} does (so {@code "é,"|index(",")} is 2);
   * the other cases are jackson-jq's.
   */
  private static void indices(Scope scope) {
    for (String name : new String[] {"indices", "index", "rindex"}) {
      Function theirs = scope.getFunction(name, 1);
      scope.addFunction(
          name,
          1,
          (sc, args, in, path, out, v) -> {
            if (!in.isTextual()) {
              theirs.apply(sc, args, in, path, out, v);
              return;
            }
            args.get(0)
                .apply(
                    sc,
                    in,
                    needle -> {
                      if (!needle.isTextual()) {
                        throw new JsonQueryException(
                            "Cannot index string with " + JqValues.typeOf(needle));
                      }
                      ArrayNode all = byteIndexes(in.textValue(), needle.textValue());
                      out.emit(
                          switch (name) {
                            case "indices" -> all;
                            case "index" -> all.isEmpty() ? NullNode.getInstance() : all.get(0);
                            default ->
                                all.isEmpty() ? NullNode.getInstance() : all.get(all.size() - 1);
                          },
                          null);
                    });
          });
    }
  }

  /** The byte offsets of the non-overlapping occurrences of {@code needle}, left to right. */
  private static ArrayNode byteIndexes(String haystack, String needle) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    byte[] h = haystack.getBytes(StandardCharsets.UTF_8);
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    if (n.length == 0) {
      return out;
    }
    outer:
    for (int i = 0; i + n.length <= h.length; ) {
      for (int j = 0; j < n.length; j++) {
        if (h[i + j] != n[j]) {
          i++;
          continue outer;
        }
      }
      out.add(i);
      i += n.length;
    }
    return out;
  }

  /** Code points to a string; above U+10FFFF (and lone surrogates) becomes U+FFFD, as in jq. */
  private static String implode(JsonNode in) throws JsonQueryException {
    if (!in.isArray()) {
      throw new JsonQueryException("implode input must be an array");
    }
    StringBuilder out = new StringBuilder(in.size());
    for (JsonNode n : in) {
      if (!n.isNumber() || n.asDouble() < 0) {
        throw new JsonQueryException(
            "implode input must be an array of codepoints, not " + JqValues.describe(n));
      }
      double d = n.asDouble();
      int cp = d > 0x10FFFF ? 0xFFFD : (int) d;
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /** jq's {@code ascii_downcase} and {@code ascii_upcase}: only ASCII letters change. */
  private static String ascii(JsonNode in, char from, char to, int shift)
      throws JsonQueryException {
    if (!in.isTextual()) {
      throw new JsonQueryException("explode input must be a string");
    }
    String s = in.textValue();
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= from && chars[i] <= to) {
        chars[i] = (char) (chars[i] + shift);
      }
    }
    return new String(chars);
  }
}
