package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-quoted literals are rewritten by tokenising, never by pattern matching. */
class JqLexerTest {
  private static String rewrite(String program) {
    return JqLexer.lex(program).program();
  }

  @Test
  void aSingleQuotedLiteralBecomesAJsonString() {
    assertEquals(
        ".kind_identifier != \"__runtime__\"", rewrite(".kind_identifier != '__runtime__'"));
  }

  @Test
  void aQuoteFollowedByAPipeIsStillALiteral() {
    assertEquals(".a == \"x\"|not", rewrite(".a == 'x'|not"));
    assertEquals("[\"a\",\"b\"]|join(\",\")", rewrite("['a','b']|join(',')"));
  }

  @Test
  void doubleQuotesAndBackslashesInsideAreEscaped() {
    assertEquals("\"say \\\"hi\\\"\"", rewrite("'say \"hi\"'"));
    assertEquals("\"C:\\\\temp\"", rewrite("'C:\\temp'"));
    assertEquals("\"tab\\there\"", rewrite("'tab\there'"));
  }

  @Test
  void aSingleQuoteInsideADoubleQuotedStringIsLeftAlone() {
    assertEquals("\"it's\" + .a", rewrite("\"it's\" + .a"));
    assertEquals("\"\\\"'\\\"\" == \"x\"", rewrite("\"\\\"'\\\"\" == 'x'"));
    assertEquals(
        "\"a\\\\\" + \"b\"",
        rewrite("\"a\\\\\" + 'b'"),
        "an escaped backslash ends" + " the escape");
  }

  @Test
  void theCodeOfAnInterpolationIsLexedAsCode() {
    assertEquals("\"id: \\(.a + \"-x\") ok\"", rewrite("\"id: \\(.a + '-x') ok\""));
    assertEquals("\"\\(\"(\" + \"\\(1)\")\"", rewrite("\"\\('(' + \"\\(1)\")\""));
  }

  @Test
  void commentsAreKeptAsTheyAre() {
    assertEquals(".a # don't\n| .b", rewrite(".a # don't\n| .b"));
  }

  @Test
  void unterminatedStringsAreReportedWithTheirColumn() {
    assertEquals(
        "unterminated single-quoted string starting at column 7",
        assertThrows(IllegalArgumentException.class, () -> rewrite(".a == 'x")).getMessage());
    assertEquals(
        "unterminated string starting at column 1",
        assertThrows(IllegalArgumentException.class, () -> rewrite("\"abc")).getMessage());
  }

  @Test
  void tokensKnowFieldsVariablesFormatsAndNames() {
    List<JqLexer.Token> tokens = JqLexer.lex(".a.b as $x | @base64 | f($x; 1.5e3)").tokens();
    assertEquals(
        List.of(
            "FIELD a",
            "FIELD b",
            "IDENT as",
            "VARIABLE x",
            "PUNCT |",
            "FORMAT base64",
            "PUNCT |",
            "IDENT f",
            "PUNCT (",
            "VARIABLE x",
            "PUNCT ;",
            "NUMBER 1.5e3",
            "PUNCT )"),
        tokens.stream().map(t -> t.kind() + " " + t.text()).toList());
  }

  @Test
  void originalColumnsSurviveTheRewrite() {
    JqLexer.Result r = JqLexer.lex("'a\"b' + c");
    // rewritten: "a\"b" + c  (one character longer); c is column 9 of the original
    assertEquals(9, r.originalColumn(r.program().indexOf('c') + 1));
  }
}
