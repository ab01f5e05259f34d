package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.junit.jupiter.api.Test;

/** jq 1.6's order: kinds first, strings by code point, NaN below every number. */
class JqOrderTest {
  private static String run(String program, String input) throws JsonQueryException {
    List<JsonNode> out = JqEngine.compile(program).all(MappingsTest.json(input));
    return out.stream().map(JsonNode::toString).reduce((a, b) -> a + " " + b).orElse("");
  }

  @Test
  void charactersAboveTheBasicPlaneSortAfterEveryOther() {
    // UTF-16 would put U+1F600 (surrogates D83D DE00) before U+FF01
    assertTrue(JqOrder.compareStrings("😀", "！") > 0);
    assertTrue(JqOrder.compareStrings("！", "😀") < 0);
    assertTrue(JqOrder.compareStrings("a", "ab") < 0);
    assertEquals(0, JqOrder.compareStrings("é😀", "é😀"));
  }

  @Test
  void theSortingBuiltinsUseIt() throws Exception {
    String input = "[\"😀\",\"！\",\"a\"]";
    assertEquals("[\"a\",\"！\",\"😀\"]", run("sort", input));
    assertEquals("[\"a\",\"！\",\"😀\"]", run("unique", input));
    assertEquals("\"a\" \"😀\"", run("min, max", input));
    assertEquals("[\"a\",\"！\",\"😀\"]", run("map({(.): 1}) | add | keys", input));
    assertEquals("[[\"a\"],[\"！\"],[\"😀\"]]", run("group_by(.)", input));
    assertEquals("[\"a\",\"！\",\"😀\"]", run("map({k: .}) | sort_by(.k) | map(.k)", input));
  }

  @Test
  void kindsComeInJqsOrderAndNanIsBelowEveryNumber() throws Exception {
    assertEquals(
        "[null,false,true,-1,\"a\",[],{}]", run("sort", "[{}, [], \"a\", -1, true, false, null]"));
    assertEquals("true true false", run("nan < nan, nan < -1e300, nan > 1", "null"));
  }

  @Test
  void minTakesTheFirstSmallestAndMaxTheLastLargest() throws Exception {
    assertEquals(
        "{\"k\":1,\"i\":0} {\"k\":2,\"i\":2}",
        run(
            "min_by(.k), max_by(.k)",
            "[{\"k\":1,\"i\":0},{\"k\":2,\"i\":1},{\"k\":2,\"i\":2},{\"k\":1,\"i\":3}]"));
    assertEquals("null", run("min", "[]"));
  }

  @Test
  void sortingIsStable() throws Exception {
    assertEquals(
        "[{\"k\":1,\"i\":1},{\"k\":1,\"i\":3},{\"k\":2,\"i\":0},{\"k\":2,\"i\":2}]",
        run(
            "sort_by(.k)",
            "[{\"k\":2,\"i\":0},{\"k\":1,\"i\":1},{\"k\":2,\"i\":2},{\"k\":1,\"i\":3}]"));
  }

  @Test
  void whatCannotBeSortedFailsWithJqsMessage() {
    assertEquals(
        "object ({}) cannot be sorted, as it is not an array",
        assertThrows(JsonQueryException.class, () -> run("sort", "{}")).getMessage());
    assertEquals(
        "Cannot iterate over null (null)",
        assertThrows(JsonQueryException.class, () -> run("sort_by(.)", "null")).getMessage());
    assertEquals(
        "string (\"x\") has no keys",
        assertThrows(JsonQueryException.class, () -> run("keys", "\"x\"")).getMessage());
  }
}
