package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.internal.IsolatedScopeQuery;
import net.thisptr.jackson.jq.internal.JsonQueryFunction;
import net.thisptr.jackson.jq.internal.javacc.ExpressionParser;

/**
 * The jq 1.6 builtins that jackson-jq 1.2.0 lacks or defines otherwise, added to the engine's root
 * scope: rounding and the other libm functions, the time functions, {@code IN}, {@code INDEX},
 * {@code tostream} and friends, {@code walk}, {@code paths}, {@code repeat}; {@link JqFormats},
 * {@link JqOrder} and {@link JqUpdate} add theirs. Written in jq where jq 1.6 writes them in jq
 * (its {@code builtin.jq}), in Java otherwise.
 *
 * <p>Left out on purpose ({@link JqNameCheck} says why when a program uses one): {@code env} and
 * {@code $ENV} (a mapping must not read the catalog's environment, which holds its secrets), {@code
 * input}, {@code inputs}, {@code input_filename}, {@code halt}, {@code halt_error}, the module
 * functions, and the gamma, error and Bessel functions.
 */
final class JqFunctions {
  private JqFunctions() {}

  /** jq definitions: name, parameters, body (from jq 1.6's builtin.jq). */
  private static final String[][] JQ_DEFINITIONS = {
    {"IN", "s", "any(s == .; .)"},
    {"IN", "src;s", "any(src == s; .)"},
    {"INDEX", "stream;idx_expr", "reduce stream as $row ({}; .[$row|idx_expr|tostring] |= $row)"},
    {"INDEX", "idx_expr", "INDEX(.[]; idx_expr)"},
    {"JOIN", "$idx;idx_expr", "[.[] | [., $idx[idx_expr]]]"},
    {"JOIN", "$idx;stream;idx_expr", "stream | [., $idx[idx_expr]]"},
    {"JOIN", "$idx;stream;idx_expr;join_expr", "stream | [., $idx[idx_expr]] | join_expr"},
    {"isempty", "g", "0 == ((label $go | g | (1, break $go)) // 0)"},
    {"fromdate", "", "fromdateiso8601"},
    {
      "walk",
      "f",
      ". as $in | if type == \"object\" then reduce keys_unsorted[] as $key"
          + " ( {}; . + { ($key): ($in[$key] | walk(f)) } ) | f"
          + " elif type == \"array\" then map( walk(f) ) | f else f end"
    },
    {
      "scalars_or_empty",
      "",
      "select(. == null or . == true or . == false or type == \"number\" or type == \"string\""
          + " or ((type==\"array\" or type==\"object\") and length==0))"
    },
    {"repeat", "f", "def _repeat: f, _repeat; _repeat"},
    {"map_values", "f", "_sm_modify(.[]; f)"},
    {
      "paths",
      "",
      "path(recurse(if (type|. == \"array\" or . == \"object\") then .[] else empty end))"
          + " | select(length > 0)"
    },
    {
      "paths",
      "node_filter",
      ". as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter)"
    },
    {"leaf_paths", "", "paths(scalars)"},
    // jackson-jq's recurse(f) leaves out nulls, and its limit(0; f) gives nothing where jq 1.6
    // gives f's first value
    {"recurse", "f", "def r: ., (f | r); r"},
    {"recurse", "", "recurse(.[]?)"},
    {"recurse_down", "", "recurse"},
    {
      "limit",
      "$n;f",
      "if $n < 0 then f else label $out | foreach f as $item ($n; .-1; $item,"
          + " if . <= 0 then break $out else empty end) end"
    },
    {
      "tostream",
      "",
      "path(def r: (.[]?|r), .; r) as $p | getpath($p)"
          + " | reduce path(.[]?) as $q ([$p, .]; [$p+$q])"
    },
    {
      "fromstream",
      "f",
      "{ x: null, e: false } as $init | foreach f as $i ($init; if .e then $init else . end"
          + " | if $i | length == 2 then setpath([\"e\"]; $i[0] | length == 0)"
          + " | setpath([\"x\"] + $i[0]; $i[1]) else setpath([\"e\"]; $i[0] | length == 1) end;"
          + " if .e then .x else empty end)"
    },
    {
      "truncate_stream",
      "stream",
      ". as $n | null | stream | . as $input"
          + " | if (.[0]|length) > $n then setpath([0];.[0][$n:]) else empty end"
    },
    {
      "bsearch",
      "target",
      "if length == 0 then -1"
          + " elif length == 1 then (if target == .[0] then 0 elif target < .[0] then -1"
          + " else -2 end)"
          + " else . as $in | [0, length-1, null]"
          + " | until(.[0] > .[1]; if .[2] != null then (.[1] = -1)"
          + " else (((.[1] + .[0]) / 2) | floor) as $mid | $in[$mid] as $monkey"
          + " | if ($monkey == target) then (.[2] = $mid) elif (.[0] == .[1]) then (.[1] = -1)"
          + " elif ($monkey < target) then (.[0] = ($mid + 1)) else (.[1] = ($mid - 1)) end end)"
          + " | if .[2] == null then (if ($in[.[0]] < target) then (-2 -.[0]) else (-1 -.[0]) end)"
          + " else .[2] end end"
    },
  };

  static void register(Scope scope, Version version) throws JsonQueryException {
    // round, floor and sqrt replace jackson-jq's for jq's error message ("null (null) number
    // required") and C's rounding of halfway cases away from zero
    math1(scope, "round", JqFastNodes::round);
    math1(scope, "floor", Math::floor);
    math1(scope, "sqrt", Math::sqrt);
    math1(scope, "ceil", Math::ceil);
    math1(scope, "fabs", Math::abs);
    math1(scope, "trunc", x -> x < 0 ? Math.ceil(x) : Math.floor(x));
    math1(scope, "rint", Math::rint);
    math1(scope, "nearbyint", Math::rint);
    math1(
        scope,
        "significand",
        x -> x == 0 || !Double.isFinite(x) ? x : x / Math.pow(2, Math.getExponent(x)));
    math1(scope, "logb", x -> Math.getExponent(x));
    math1(scope, "acosh", x -> Math.log(x + Math.sqrt(x * x - 1)));
    math1(scope, "asinh", x -> Math.log(x + Math.sqrt(x * x + 1)));
    math1(scope, "atanh", x -> 0.5 * Math.log((1 + x) / (1 - x)));
    math1(scope, "pow10", x -> Math.pow(10, x));
    scope.addFunction("_sm_negate", 0, (sc, args, in, path, out, v) -> out.emit(negate(in), null));
    // pow and atan2 replace jackson-jq's, which combine multiple argument values in another order
    math2(scope, "pow", Math::pow);
    math2(scope, "atan2", Math::atan2);
    math2(scope, "fmin", Math::min);
    math2(scope, "fmax", Math::max);
    math2(scope, "fmod", (a, b) -> a % b);
    math2(scope, "fdim", (a, b) -> a > b ? a - b : 0);
    math2(scope, "copysign", Math::copySign);
    math2(scope, "hypot", Math::hypot);
    math2(scope, "drem", Math::IEEEremainder);
    math2(scope, "remainder", Math::IEEEremainder);
    math2(scope, "ldexp", (a, b) -> Math.scalb(a, (int) b));
    math2(scope, "scalb", (a, b) -> Math.scalb(a, (int) b));
    math2(scope, "scalbln", (a, b) -> Math.scalb(a, (int) b));
    math2(scope, "nextafter", Math::nextAfter);
    math2(scope, "nexttoward", Math::nextAfter);
    scope.addFunction(
        "fma",
        3,
        (sc, args, in, path, out, v) ->
            forEachArgs(
                sc,
                args,
                in,
                a ->
                    out.emit(
                        number(a.get(0).asDouble() * a.get(1).asDouble() + a.get(2).asDouble()),
                        null),
                "fma/3"));
    scope.addFunction(
        "frexp",
        0,
        (sc, args, in, path, out, v) -> {
          double x = requireNumber(in, "frexp").asDouble();
          int exp = x == 0 || !Double.isFinite(x) ? 0 : Math.getExponent(x) + 1;
          out.emit(
              JsonNodeFactory.instance.arrayNode().add(number(x / Math.pow(2, exp))).add(exp),
              null);
        });
    scope.addFunction(
        "modf",
        0,
        (sc, args, in, path, out, v) -> {
          double x = requireNumber(in, "modf").asDouble();
          double whole = x < 0 ? Math.ceil(x) : Math.floor(x);
          out.emit(
              JsonNodeFactory.instance.arrayNode().add(number(x - whole)).add(number(whole)), null);
        });
    timeFunctions(scope);
    scope.addFunction(
        "format",
        1,
        (sc, args, in, path, out, v) ->
            forEachArgs(
                sc,
                args,
                in,
                a -> {
                  if (!a.get(0).isTextual()) {
                    throw new JsonQueryException(a.get(0) + " is not a valid format");
                  }
                  Function f = sc.getFunction("@" + a.get(0).asText(), 0);
                  if (f == null) {
                    throw new JsonQueryException(a.get(0).asText() + " is not a valid format");
                  }
                  f.apply(sc, List.of(), in, path, out, v);
                },
                "format/1"));
    scope.addFunction(
        "has",
        1,
        (sc, args, in, path, out, v) ->
            args.get(0).apply(sc, in, key -> out.emit(BooleanNode.valueOf(has(in, key)), null)));
    // one payload is one input, read from no file: jq gives 0 for an input without a newline
    scope.addFunction(
        "input_line_number",
        0,
        (sc, args, in, path, out, v) -> out.emit(LongNode.valueOf(0), null));
    JqFormats.register(scope);
    JqOrder.register(scope);
    JqUpdate.register(scope);
    // debug and stderr print to jq's stderr; here they pass their input through unprinted
    scope.addFunction("debug", 0, (sc, args, in, path, out, v) -> out.emit(in, path));
    scope.addFunction("stderr", 0, (sc, args, in, path, out, v) -> out.emit(in, path));
    for (String[] def : JQ_DEFINITIONS) {
      List<String> params = def[1].isEmpty() ? List.of() : List.of(def[1].split(";"));
      Expression body = new IsolatedScopeQuery(ExpressionParser.compile(def[2], version));
      scope.addFunction(def[0], params.size(), new JsonQueryFunction(def[0], params, body, scope));
    }
  }

  private static void timeFunctions(Scope scope) {
    Function todate = (sc, args, in, path, out, v) -> out.emit(JqTime.todate(in), null);
    scope.addFunction("todate", 0, todate);
    scope.addFunction("todateiso8601", 0, todate);
    scope.addFunction(
        "gmtime",
        0,
        (sc, args, in, path, out, v) ->
            out.emit(JqTime.brokenDown(in, ZoneOffset.UTC, "gmtime"), null));
    scope.addFunction(
        "localtime",
        0,
        (sc, args, in, path, out, v) ->
            out.emit(JqTime.brokenDown(in, ZoneId.systemDefault(), "localtime"), null));
    scope.addFunction(
        "mktime", 0, (sc, args, in, path, out, v) -> out.emit(JqTime.mktime(in), null));
    scope.addFunction(
        "strftime",
        1,
        (sc, args, in, path, out, v) ->
            forEachArgs(
                sc,
                args,
                in,
                a ->
                    out.emit(
                        JqTime.strftime(
                            in, formatArg(a.get(0), "strftime/1"), ZoneOffset.UTC, "strftime/1"),
                        null),
                "strftime/1"));
    scope.addFunction(
        "strflocaltime",
        1,
        (sc, args, in, path, out, v) ->
            forEachArgs(
                sc,
                args,
                in,
                a ->
                    out.emit(
                        JqTime.strftime(
                            in,
                            formatArg(a.get(0), "strflocaltime/1"),
                            ZoneId.systemDefault(),
                            "strflocaltime/1"),
                        null),
                "strflocaltime/1"));
    scope.addFunction(
        "strptime",
        1,
        (sc, args, in, path, out, v) ->
            forEachArgs(
                sc,
                args,
                in,
                a -> out.emit(JqTime.strptime(in, formatArg(a.get(0), "strptime/1")), null),
                "strptime/1"));
  }

  private static String formatArg(JsonNode format, String fn) throws JsonQueryException {
    if (!format.isTextual()) {
      throw new JsonQueryException(fn + " requires a string format");
    }
    return format.asText();
  }

  private static void math1(Scope scope, String name, DoubleUnaryOperator op) {
    scope.addFunction(
        name,
        0,
        (sc, args, in, path, out, v) ->
            out.emit(number(op.applyAsDouble(requireNumber(in, name).asDouble())), null));
  }

  private static void math2(Scope scope, String name, DoubleBinaryOperator op) {
    scope.addFunction(
        name,
        2,
        (sc, args, in, path, out, v) ->
            forEachArgs(
                sc,
                args,
                in,
                a ->
                    out.emit(
                        number(
                            op.applyAsDouble(
                                requireNumber(a.get(0), name).asDouble(),
                                requireNumber(a.get(1), name).asDouble())),
                        null),
                name + "/2"));
  }

  /** jq 1.6's {@code has}, with its error for a key of the wrong type. */
  private static boolean has(JsonNode in, JsonNode key) throws JsonQueryException {
    if (in.isNull()) {
      return false;
    }
    if (in.isObject() && key.isTextual()) {
      return in.has(key.textValue());
    }
    if (in.isArray() && key.isNumber()) {
      int i = (int) key.asDouble(); // C's truncation: has(-0.5) is has(0)
      return i >= 0 && i < in.size();
    }
    throw new JsonQueryException(
        "Cannot check whether " + JqValues.typeOf(in) + " has a " + JqValues.typeOf(key) + " key");
  }

  /**
   * jq's unary minus ({@link JqRewriter} writes {@code -x} as {@code x | _sm_negate}): numbers are
   * doubles in jq, so {@code -0} is negative zero; jackson-jq makes it 0 and names the wrong value
   * in its error.
   */
  private static JsonNode negate(JsonNode in) throws JsonQueryException {
    if (!in.isNumber()) {
      throw new JsonQueryException(JqValues.describe(in) + " cannot be negated");
    }
    if (in.isBigInteger()) {
      return BigIntegerNode.valueOf(in.bigIntegerValue().negate());
    }
    if (in.isIntegralNumber() && in.longValue() != 0 && in.longValue() != Long.MIN_VALUE) {
      return LongNode.valueOf(-in.longValue());
    }
    return DoubleNode.valueOf(-in.doubleValue());
  }

  private static JsonNode requireNumber(JsonNode value, String name) throws JsonQueryException {
    if (!value.isNumber()) {
      throw new JsonQueryException(JqValues.describe(value) + " number required");
    }
    return value;
  }

  private static JsonNode number(double value) {
    return DoubleNode.valueOf(value);
  }

  interface ArgsConsumer {
    void accept(List<JsonNode> args) throws JsonQueryException;
  }

  /**
   * Calls {@code body} once per combination of argument values, the last argument varying slowest,
   * as jq does ({@code [pow(1,2; 3,4)]} is {@code [1,8,1,16]}).
   */
  static void forEachArgs(
      Scope scope, List<Expression> args, JsonNode in, ArgsConsumer body, String name)
      throws JsonQueryException {
    List<List<JsonNode>> values = new ArrayList<>(args.size());
    for (Expression arg : args) {
      List<JsonNode> outputs = new ArrayList<>(1);
      arg.apply(scope, in, outputs::add);
      values.add(outputs);
    }
    combine(values, args.size() - 1, new JsonNode[args.size()], body);
  }

  private static void combine(
      List<List<JsonNode>> values, int index, JsonNode[] current, ArgsConsumer body)
      throws JsonQueryException {
    if (index < 0) {
      body.accept(List.of(current));
      return;
    }
    for (JsonNode v : values.get(index)) {
      current[index] = v;
      combine(values, index - 1, current, body);
    }
  }
}
