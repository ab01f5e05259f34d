package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.junit.jupiter.api.Test;

/** Compiling: the names jq would reject at compile time are rejected at load. */
class JqEngineTest {
  private static String compileError(String program) {
    return assertThrows(JqCompileException.class, () -> JqEngine.compile(program)).getMessage();
  }

  private static String run(String program, String input) throws Exception {
    List<JsonNode> out = JqEngine.compile(program).all(MappingsTest.json(input));
    return out.stream().map(JsonNode::toString).reduce((a, b) -> a + " " + b).orElse("");
  }

  @Test
  void undefinedFunctionsAndVariablesFailAtCompileTime() {
    assertEquals("roundd/0 is not defined", compileError(".a | roundd"));
    assertEquals("split/3 is not defined", compileError("split(\"a\"; \"g\"; 1)"));
    assertEquals("$x is not defined", compileError(".a + $x"));
    assertEquals("@nope is not a valid format", compileError("@nope"));
    assertEquals(
        "modules (import, include) are not supported in mappings",
        compileError("import \"a\" as a; ."));
    assertEquals("empty expression", compileError("  "));
  }

  @Test
  void whatJqRejectsWhenItCompilesIsRejectedAtLoad() {
    assertEquals("$*label-foo is not defined", compileError(". as $foo | break $foo"));
    assertEquals("Cannot use number (0) as object key", compileError("{(0):1}"));
    assertEquals("Cannot use array ([1]) as object key", compileError("{a: ., ([1]): 2}"));
    assertEquals("Division by zero?", compileError("1/0"));
    assertEquals("Division by zero?", compileError("[1/(1 - 1)]"));
    // a function is visible after its definition only, and a variable inside its binding only
    assertEquals("h/0 is not defined", compileError("def g: h; def h: 1; g"));
    assertEquals("$x is not defined", compileError("(1 as $x | $x), $x"));
    assertEquals("$x is not defined", compileError("reduce .[] as $x ($x; .)"));
    assertEquals(
        "$ENV is not defined: mappings cannot read the catalog's environment",
        compileError("$ENV"));
    assertEquals(
        "input/0 is not defined: a mapping has one input, the payload", compileError("input"));
  }

  @Test
  void namesDefinedOrBoundInTheProgramAreAccepted() throws Exception {
    assertEquals("3", run("def f(g): g + 1; f(2)", "null"));
    assertEquals("3", run("def f($a; b): $a + b; f(1; 2)", "null"));
    assertEquals("2", run("def f($a): a + 1; f(1)", "null"), "a parameter $a is also a filter a");
    assertEquals("6", run("reduce .[] as $x (0; . + $x)", "[1,2,3]"));
    assertEquals("3", run(". as [$a, {b: $c}] | $a + $c", "[1, {\"b\": 2}]"));
    assertEquals("{\"a\":1,\"b\":2}", run("{a, b: .b}", "{\"a\": 1, \"b\": 2}"));
    assertEquals("0", run("label $out | range(5) | ., break $out", "null"));
    assertEquals("\"x1\"", run("\"x\\(.a)\"", "{\"a\": 1}"));
    assertEquals("{\"import\":1,\"if\":2}", run("{import: 1, if: 2}", "null"));
    assertEquals("[1]", run("[label $f | def g: break $f; 1, g, 2]", "null"));
  }

  @Test
  void jq16BuiltinsMissingFromJacksonJqAreThere() throws Exception {
    assertEquals("3 -2 2.5 2", run("2.5 | ceil, (-2.5 | trunc), fabs, rint", "null"));
    assertEquals("\"2015-03-05T23:51:47Z\"", run("todate", "1425599507"));
    assertEquals("[2015,2,5,23,51,47,4,63]", run("gmtime", "1425599507"));
    assertEquals(
        "1425599507", run("strptime(\"%Y-%m-%dT%H:%M:%SZ\") | mktime", "\"2015-03-05T23:51:47Z\""));
    assertEquals("true false", run("IN(2, 3), IN(5, 6)", "2"));
    assertEquals("{\"a\":{\"id\":\"a\"}}", run("INDEX(.id)", "[{\"id\": \"a\"}]"));
    assertEquals("true", run("isempty(empty)", "null"));
    assertEquals("1 -4", run("bsearch(2), bsearch(4)", "[1,2,3]"));
    assertEquals("\"bnVsbA==\"", run("format(\"base64\")", "null"));
  }

  @Test
  void numbersComeOutAsJqPrintsThem() throws Exception {
    assertEquals(
        "3 -3 1.5 1",
        run("2.5, -2.5 | round", "null") + " " + run(".", "1.5") + " " + run(".", "1.0"));
    assertEquals("null 1.7976931348623157E308", run("nan, infinite", "null"));
  }

  @Test
  void roundOfNullFailsWithJqsMessage() {
    JsonQueryException e =
        assertThrows(
            JsonQueryException.class,
            () -> JqEngine.compile(".a | round").single(MappingsTest.json("{}")));
    assertEquals("null (null) number required", e.getMessage());
  }
}
