package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntPredicate;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * jq 1.6's order of values ({@code jv_cmp}): null, false, true, numbers, strings, arrays, objects;
 * strings by code point (jq compares their UTF-8 bytes), where jackson-jq compares UTF-16 units and
 * so puts {@code "😀"} before {@code "！"} (U+FF01). Replaces the builtins that sort or compare:
 * {@code sort}, {@code sort_by}, {@code group_by}, {@code unique}, {@code unique_by}, {@code min},
 * {@code max}, {@code min_by}, {@code max_by}, {@code keys}, and adds {@code _sm_less} and the
 * other comparisons, which {@link JqRewriter} puts where the program says {@code <}, {@code <=},
 * {@code >}, {@code >=}.
 */
final class JqOrder {
  private JqOrder() {}

  static void register(Scope scope) {
    scope.addFunction("sort", 0, (sc, args, in, path, out, v) -> out.emit(sort(in, in), null));
    scope.addFunction(
        "sort_by",
        1,
        (sc, args, in, path, out, v) -> out.emit(sort(in, keys(sc, args.get(0), in)), null));
    scope.addFunction(
        "group_by",
        1,
        (sc, args, in, path, out, v) -> out.emit(group(in, keys(sc, args.get(0), in)), null));
    scope.addFunction(
        "unique",
        0,
        (sc, args, in, path, out, v) -> out.emit(firsts(group(in, wrapped(in))), null));
    scope.addFunction(
        "unique_by",
        1,
        (sc, args, in, path, out, v) ->
            out.emit(firsts(group(in, keys(sc, args.get(0), in))), null));
    scope.addFunction(
        "min", 0, (sc, args, in, path, out, v) -> out.emit(extreme(in, in, true), null));
    scope.addFunction(
        "max", 0, (sc, args, in, path, out, v) -> out.emit(extreme(in, in, false), null));
    scope.addFunction(
        "min_by",
        1,
        (sc, args, in, path, out, v) ->
            out.emit(extreme(in, keys(sc, args.get(0), in), true), null));
    scope.addFunction(
        "max_by",
        1,
        (sc, args, in, path, out, v) ->
            out.emit(extreme(in, keys(sc, args.get(0), in), false), null));
    scope.addFunction("keys", 0, (sc, args, in, path, out, v) -> out.emit(keys(in), null));
    comparison(scope, "_sm_less", r -> r < 0);
    comparison(scope, "_sm_lesseq", r -> r <= 0);
    comparison(scope, "_sm_greater", r -> r > 0);
    comparison(scope, "_sm_greatereq", r -> r >= 0);
  }

  /** {@code A < B} as a function of A and B: B's values outermost, as jq and jackson-jq run it. */
  private static void comparison(Scope scope, String name, IntPredicate test) {
    scope.addFunction(
        name,
        2,
        (sc, args, in, path, out, v) ->
            args.get(1)
                .apply(
                    sc,
                    in,
                    b ->
                        args.get(0)
                            .apply(
                                sc,
                                in,
                                a ->
                                    out.emit(
                                        BooleanNode.valueOf(test.test(compare(a, b))), null))));
  }

  static int compare(JsonNode a, JsonNode b) {
    int ka = kind(a);
    int kb = kind(b);
    if (ka != kb) {
      return Integer.compare(ka, kb);
    }
    switch (ka) {
      case 3 -> {
        double x = a.asDouble();
        double y = b.asDouble();
        if (Double.isNaN(x)) {
          return -1; // jq compares NaN as null: below every number, NaN itself included
        }
        if (Double.isNaN(y)) {
          return 1;
        }
        return x < y ? -1 : x == y ? 0 : 1;
      }
      case 4 -> {
        return compareStrings(a.textValue(), b.textValue());
      }
      case 5 -> {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
          int r = compare(a.get(i), b.get(i));
          if (r != 0) {
            return r;
          }
        }
        return Integer.compare(a.size(), b.size());
      }
      case 6 -> {
        String[] keysA = sortedKeys(a);
        String[] keysB = sortedKeys(b);
        int n = Math.min(keysA.length, keysB.length);
        for (int i = 0; i < n; i++) {
          int r = compareStrings(keysA[i], keysB[i]);
          if (r != 0) {
            return r;
          }
        }
        if (keysA.length != keysB.length) {
          return Integer.compare(keysA.length, keysB.length);
        }
        for (String key : keysA) {
          int r = compare(a.get(key), b.get(key));
          if (r != 0) {
            return r;
          }
        }
        return 0;
      }
      default -> {
        return 0; // null, false, true: one value each
      }
    }
  }

  /** jq's kinds in its order: null, false, true, number, string, array, object. */
  private static int kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case BOOLEAN -> v.booleanValue() ? 2 : 1;
      case NUMBER -> 3;
      case STRING, BINARY -> 4;
      case ARRAY -> 5;
      case OBJECT -> 6;
      default -> 0;
    };
  }

  /**
   * Strings by code point, the order of their UTF-8 bytes: UTF-16 order except that surrogates
   * (code points above U+FFFF) sort after U+E000..U+FFFF.
   */
  static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= 0xD800 && y >= 0xD800) {
          x = fixUp(x);
          y = fixUp(y);
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static char fixUp(char c) {
    return (char) (c >= 0xE000 ? c - 0x800 : c + 0x2000);
  }

  private static String[] sortedKeys(JsonNode object) {
    String[] keys = new String[object.size()];
    int i = 0;
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      keys[i++] = it.next();
    }
    Arrays.sort(keys, JqOrder::compareStrings);
    return keys;
  }

  private static JsonNode keys(JsonNode in) throws JsonQueryException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (in.isObject()) {
      for (String key : sortedKeys(in)) {
        out.add(key);
      }
    } else if (in.isArray()) {
      for (int i = 0; i < in.size(); i++) {
        out.add(LongNode.valueOf(i));
      }
    } else {
      throw new JsonQueryException(JqValues.describe(in) + " has no keys");
    }
    return out;
  }

  /** jq's {@code map([f])}: for each element, the array of f's outputs. */
  private static ArrayNode keys(Scope scope, Expression f, JsonNode in) throws JsonQueryException {
    if (!in.isContainerNode()) {
      throw new JsonQueryException("Cannot iterate over " + JqValues.describe(in));
    }
    ArrayNode keys = JsonNodeFactory.instance.arrayNode(in.size());
    for (JsonNode item : in) {
      ArrayNode key = JsonNodeFactory.instance.arrayNode(1);
      f.apply(scope, item, key::add);
      keys.add(key);
    }
    return keys;
  }

  /** Each element as its own key ({@code map([.])}), for unique. */
  private static JsonNode wrapped(JsonNode in) throws JsonQueryException {
    if (!in.isContainerNode()) {
      throw new JsonQueryException("Cannot iterate over " + JqValues.describe(in));
    }
    ArrayNode keys = JsonNodeFactory.instance.arrayNode(in.size());
    for (JsonNode item : in) {
      keys.add(JsonNodeFactory.instance.arrayNode(1).add(item));
    }
    return keys;
  }

  private record Entry(JsonNode value, JsonNode key, int index) {}

  /** Entries sorted by key, stable: jq's {@code jv_sort}. */
  private static List<Entry> sorted(JsonNode in, JsonNode keys, String what)
      throws JsonQueryException {
    if (!in.isArray() || !keys.isArray() || in.size() != keys.size()) {
      if (in == keys) {
        throw new JsonQueryException(
            JqValues.describe(in) + " cannot be sorted, as it is not an array");
      }
      throw new JsonQueryException(
          JqValues.describe(in) + " and " + JqValues.describe(keys) + " " + what);
    }
    List<Entry> entries = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      entries.add(new Entry(in.get(i), keys.get(i), i));
    }
    // List.sort is stable; it needs NaN equal to NaN, where jq's qsort takes its order as it comes
    entries.sort((x, y) -> x.key().equals(y.key()) ? 0 : compare(x.key(), y.key()));
    return entries;
  }

  private static JsonNode sort(JsonNode in, JsonNode keys) throws JsonQueryException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode(in.size());
    for (Entry e : sorted(in, keys, "cannot be sorted, as they are not both arrays")) {
      out.add(e.value());
    }
    return out;
  }

  private static ArrayNode group(JsonNode in, JsonNode keys) throws JsonQueryException {
    ArrayNode groups = JsonNodeFactory.instance.arrayNode();
    ArrayNode current = null;
    JsonNode currentKey = null;
    for (Entry e : sorted(in, keys, "cannot be sorted, as they are not both arrays")) {
      if (current == null || compare(currentKey, e.key()) != 0) {
        current = groups.addArray();
        currentKey = e.key();
      }
      current.add(e.value());
    }
    return groups;
  }

  private static JsonNode firsts(ArrayNode groups) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode(groups.size());
    for (JsonNode g : groups) {
      out.add(g.get(0));
    }
    return out;
  }

  /** jq's {@code min}/{@code max}: the first smallest, the last largest, null when empty. */
  private static JsonNode extreme(JsonNode values, JsonNode keys, boolean min)
      throws JsonQueryException {
    if (!values.isArray() || !keys.isArray()) {
      throw new JsonQueryException(
          JqValues.describe(values)
              + " and "
              + JqValues.describe(keys)
              + " cannot be iterated over");
    }
    if (values.size() != keys.size()) {
      throw new JsonQueryException(
          JqValues.describe(values) + " and " + JqValues.describe(keys) + " have wrong length");
    }
    if (values.isEmpty()) {
      return NullNode.getInstance();
    }
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      int r = compare(keys.get(i), keys.get(best));
      if ((r < 0) == min) {
        best = i;
      }
    }
    return values.get(best);
  }
}
