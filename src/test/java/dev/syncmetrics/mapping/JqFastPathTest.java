package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast path gives what jackson-jq gives, value for value and error for error, on inputs of
 * every type, and covers the expressions the guide's mappings are made of.
 */
class JqFastPathTest {
  private static final List<String> FAST =
      List.of(
          ".body.kind_identifier != '__runtime__'",
          ".body.kind_identifier == \"__runtime__\"",
          ".body.metrics.phase.resync.duration_seconds|round",
          ".body.metrics.phase.extract.object_count",
          "if .body.metrics.phase.resync.success == 1 then \"SUCCESS\" else \"FAILED\" end",
          ".body.integration_type + \"-\" + .body.integration_identifier",
          "(now | todateiso8601) == \"x\"",
          ".a",
          ".a.b",
          ".",
          ".a + .b",
          ".a - .b",
          ".a * .b",
          ".a / .b",
          ".a < .b",
          ".a <= .b",
          ".a > .b",
          ".a >= .b",
          ".a == .b",
          ".a != .b",
          ".a and .b",
          ".a or .b",
          ".a // .b",
          ".a // \"d\"",
          "(.a + 1) * 2",
          ".a | floor",
          ".a | ceil",
          ".a | tostring",
          ".a | not",
          ".a | todate",
          "if .a then .b elif .b then 1 else null end",
          "true",
          "false",
          "null",
          "1.5e2 + .a",
          "\"x\\ty\" + .a",
          "1 == 1.0",
          ".a == null");

  private static final List<String> INPUTS =
      List.of(
          "{\"a\": 1, \"b\": 2}",
          "{\"a\": 2.5, \"b\": -2.5}",
          "{\"a\": 0, \"b\": 0}",
          "{\"a\": \"x\", \"b\": \"y\"}",
          "{\"a\": \"x\", \"b\": 1}",
          "{\"a\": null, \"b\": null}",
          "{\"a\": true, \"b\": false}",
          "{\"a\": [1], \"b\": [2]}",
          "{\"a\": {\"b\": 1}, \"b\": {}}",
          "{\"a\": 1425599507.5, \"b\": 1e300}",
          "{}",
          "null",
          "3",
          "\"s\"",
          "[1, 2]",
          "{\"body\": {\"kind_identifier\": \"__runtime__\", \"integration_type\": \"t\","
              + " \"integration_identifier\": \"i\", \"metrics\": {\"phase\": {\"resync\":"
              + " {\"duration_seconds\": 2.5, \"success\": 1}, \"extract\": {\"object_count\": 3}}}}}",
          "{\"body\": {\"kind_identifier\": \"k-0\", \"integration_type\": 1,"
              + " \"metrics\": {\"phase\": {\"resync\": {\"duration_seconds\": null}}}}}",
          "{\"body\": 5}");

  @Test
  void theGuidesExpressionsAndTheCommonOperatorsHaveAFastPath() {
    for (String source : FAST) {
      assertTrue(JqEngine.compile(source).hasFastPath(), source);
    }
  }

  @Test
  void otherExpressionsRunOnJacksonJqAlone() {
    for (String source :
        List.of(
            ".a[]",
            ".a, .b",
            "[.a]",
            "{a: .a}",
            ".a | length",
            "-(.a)",
            ".a as $x | $x",
            "def f: 1; f",
            "\"\\(.a)\"",
            ".a % 2",
            "try .a catch 1",
            ".a?",
            "first(.a)",
            "@base64")) {
      assertFalse(JqEngine.compile(source).hasFastPath(), source);
    }
  }

  @Test
  void fastAndSlowAgreeOnEveryInput() throws Exception {
    for (String source : FAST) {
      JqProgram fast = JqEngine.compile(source);
      JqProgram slow = fast.withoutFastPath();
      for (String input : INPUTS) {
        JsonNode in = MappingsTest.json(input);
        assertEquals(outcome(slow, in), outcome(fast, in), source + " on " + input);
      }
    }
  }

  private static String outcome(JqProgram program, JsonNode input) {
    try {
      return String.valueOf(program.all(input));
    } catch (Exception e) {
      return "error: " + e.getMessage();
    }
  }
}
