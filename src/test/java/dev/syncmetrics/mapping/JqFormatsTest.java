package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.junit.jupiter.api.Test;

/** Values turned into text as jq 1.6 does (each expected text is what Debian's jq 1.6 gave). */
class JqFormatsTest {
  private static String run(String program, String input) throws JsonQueryException {
    List<JsonNode> out = JqEngine.compile(program).all(MappingsTest.json(input));
    return out.stream().map(JsonNode::toString).reduce((a, b) -> a + " " + b).orElse("");
  }

  @Test
  void numbersInTextAreJqs() throws Exception {
    String input = "[1, 2.0, 1e-5, 1e21, 0.1, null, true, \"a\"]";
    assertEquals("\"[1,2,1e-05,1e+21,0.1,null,true,\\\"a\\\"]\"", run("tojson", input));
    assertEquals("\"1,2,1e-05,1e+21,0.1,,true,\\\"a\\\"\"", run("@csv", input));
    assertEquals("\"1\\t2\\t1e-05\\t1e+21\\t0.1\\t\\ttrue\\ta\"", run("@tsv", input));
    assertEquals("\"1 2 1e-05 1e+21 0.1 null true 'a'\"", run("@sh", input));
    assertEquals("\"1,2,1e-05,1e+21,0.1,,true,a\"", run("join(\",\")", input));
  }

  @Test
  void theFormatsEscapeAsJqDoes() throws Exception {
    assertEquals("\"&lt;&gt;&amp;&apos;&quot;x\"", run("@html", "\"<>&'\\\"x\""));
    assertEquals("\"!*'()~-_.%C3%A9%20%2F%3F\"", run("@uri", "\"!*'()~-_.é /?\""));
    assertEquals("\"'it'\\\\''s'\"", run("@sh", "\"it's\""));
    assertEquals("\"a\\\\tb\\\\\\\\c\\\\nd\"", run("@tsv", "[\"a\\tb\\\\c\\nd\"]"));
    assertEquals("\"\\\"a\\\"\\\"b\\\"\"", run("@csv", "[\"a\\\"b\"]"));
    assertEquals("\"w6k=\" \"é\"", run("@base64, (@base64 | @base64d)", "\"é\""));
  }

  @Test
  void joinFailsAsJqsReduceWould() {
    assertEquals(
        "string (\"1,\") and array ([2]) cannot be added",
        assertThrows(JsonQueryException.class, () -> run("join(\",\")", "[1,[2]]")).getMessage());
    assertEquals(
        "object ({}) is not valid in a csv row",
        assertThrows(JsonQueryException.class, () -> run("@csv", "[{}]")).getMessage());
  }

  @Test
  void implodeKeepsCharactersAboveTheBasicPlane() throws Exception {
    assertEquals("\"😀A\" 2", run("implode, (implode | length)", "[128512, 65]"));
    assertEquals("\"\uFFFD\"", run("implode", "[1114112]"));
    assertEquals("\"😀a\"", run("ascii_downcase", "\"😀A\""));
  }

  @Test
  void indicesOfAStringCountBytesAsJq16Does() throws Exception {
    assertEquals("3 [3] 4", run("index(\",\"), indices(\",\"), rindex(\"b\")", "\"aé,b\""));
    assertEquals("[0]", run("indices(\"aa\")", "\"aaa\""));
    assertEquals("[1] 1", run("indices(2), index(2)", "[1,2,3]"));
  }
}
