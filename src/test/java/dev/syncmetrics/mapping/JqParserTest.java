package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** jq 1.6's grammar: what binds to what, and what jq rejects as a syntax error. */
class JqParserTest {
  /** The tree with operators first: {@code (+ 1 (as 2 [$x] (* $x 10)))}; leaves as written. */
  private static String shape(String program) {
    JqLexer.Result lexed = JqLexer.lex(program);
    return shape(JqParser.parse(lexed.tokens()), lexed.program());
  }

  private static String shape(JqTree n, String text) {
    return switch (n.kind) {
      case PIPE, COMMA, BINARY ->
          "(" + n.name + " " + shape(n.child(0), text) + " " + shape(n.child(1), text) + ")";
      case NEG -> "(- " + shape(n.child(0), text) + ")";
      case OPTIONAL -> "(? " + shape(n.child(0), text) + ")";
      case TRY ->
          "(try "
              + n.children.stream().map(c -> shape(c, text)).collect(Collectors.joining(" "))
              + ")";
      case AS ->
          "(as "
              + shape(n.child(0), text)
              + " "
              + n.patterns.stream()
                  .map(p -> text.substring(p.start, p.end))
                  .collect(Collectors.joining(" ?// ", "[", "]"))
              + " "
              + shape(n.child(1), text)
              + ")";
      case DEF ->
          "(def "
              + n.name
              + " "
              + n.children.stream().map(c -> shape(c, text)).collect(Collectors.joining(" "))
              + ")";
      case LABEL -> "(label " + n.name + " " + shape(n.child(0), text) + ")";
      default -> text.substring(n.start, n.end);
    };
  }

  private static String syntaxError(String program) {
    return assertThrows(
            JqCompileException.class, () -> JqParser.parse(JqLexer.lex(program).tokens()))
        .getMessage();
  }

  @Test
  void asTakesOneTermOnItsLeftAndEverythingOnItsRight() {
    assertEquals("(+ 1 (as 2 [$x] (* $x 10)))", shape("1 + 2 as $x | $x * 10"));
    assertEquals("(, 1 (as 2 [$x] (, $x 3)))", shape("1, 2 as $x | $x, 3"));
    assertEquals("(as .[] [[$a] ?// {$a} ?// $a] $a)", shape(".[] as [$a] ?// {$a} ?// $a | $a"));
  }

  @Test
  void operatorsBindAsInJq() {
    assertEquals("(| (, 1 2) 3)", shape("1, 2 | 3"));
    assertEquals("(// a (// b c))", shape("a // b // c"));
    assertEquals("(or (and a b) c)", shape("a and b or c"));
    assertEquals("(- (+ 1 (* 2 3)) (% (/ 4 2) 3))", shape("1 + 2 * 3 - 4 / 2 % 3"));
    assertEquals("(|= .a (+ . 1))", shape(".a |= . + 1"));
    assertEquals("(== (+ 1 2) 3)", shape("1 + 2 == 3"));
  }

  @Test
  void unaryMinusTakesAProductAndTryTakesOneTerm() {
    assertEquals("(+ (- (* 1 2)) 3)", shape("- 1 * 2 + 3"));
    assertEquals("(+ (try error(\"x\") .) \"y\")", shape("try error(\"x\") catch . + \"y\""));
    assertEquals("(| (try 1) 2)", shape("try 1 | 2"));
    assertEquals("(+ 1 (? f))", shape("1 + f?"));
  }

  @Test
  void definitionsAndLabelsTakeEverythingAfterThem() {
    assertEquals("(def f 1 (| f f))", shape("def f: 1; f | f"));
    assertEquals("(def f 1 (def g f g))", shape("def f: 1; def g: f; g"));
    assertEquals("(def f 1)", shape("def f: 1;"));
    assertEquals("(label out (, 1 break $out))", shape("label $out | 1, break $out"));
  }

  @Test
  void stringsKeepTheirInterpolations() {
    JqLexer.Result lexed = JqLexer.lex("@base64 \"a\\(1 + 2)b\\(\"c\\(3)\")\"");
    JqTree tree = JqParser.parse(lexed.tokens());
    assertEquals(JqTree.Kind.TEMPLATE, tree.kind);
    assertEquals("base64", tree.name);
    assertEquals(2, tree.children.size());
    assertEquals("1 + 2", lexed.program().substring(tree.child(0).start, tree.child(0).end));
    assertEquals(1, tree.child(1).children.size());
  }

  @Test
  void whatJq16RejectsIsASyntaxError() {
    assertEquals("syntax error: unexpected \"+\" at column 7", syntaxError("{a: 1 + 2}"));
    assertEquals("syntax error: unexpected \"end\" at column 13", syntaxError("if . then 1 end"));
    assertEquals("syntax error: unexpected \"<\" at column 7", syntaxError("1 < 2 < 3"));
    assertEquals("syntax error: unexpected \"]\" at column 7", syntaxError(". as [] | null"));
    assertEquals("syntax error: unexpected \".a\" at column 6", syntaxError("keys?.a"));
    assertEquals("syntax error: unexpected \".\" at column 3", syntaxError(".a.[0]"));
    assertEquals("syntax error: unexpected \"}\" at column 4", syntaxError("{if}"));
    assertEquals("syntax error: unexpected \"$__loc__\" at column 2", syntaxError("{$__loc__}"));
    assertEquals("syntax error: unexpected end of expression", syntaxError("1 +"));
    assertEquals("syntax error: unexpected \"}\" at column 1", syntaxError("}"));
  }

  @Test
  void keywordsAreObjectKeysAndFieldNames() {
    assertEquals(
        "{import: 1, if: .if, true: 2, null}", shape("{import: 1, if: .if, true: 2, null}"));
    assertEquals(".and", shape(".and"));
  }

  @Test
  void modulesAreRejectedWithTheirOwnMessage() {
    assertEquals(
        "modules (import, include) are not supported in mappings",
        syntaxError("import \"a\" as a; ."));
    assertEquals(
        "modules (import, include) are not supported in mappings", syntaxError("include \"a\"; ."));
  }
}
