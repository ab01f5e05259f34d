package dev.syncmetrics.mapping;

import dev.syncmetrics.mapping.JqLexer.Token;
import dev.syncmetrics.mapping.JqTree.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jq 1.6's grammar (its {@code parser.y}), read from {@link JqLexer}'s tokens into {@link JqTree}
 * nodes. jackson-jq still compiles and runs the program; this parse is for what jackson-jq does not
 * do as jq does: scopes and compile-time checks ({@link JqNameCheck}), and the rewrites of {@link
 * JqRewriter}. It is as strict as jq: {@code {a: 1 + 2}} (an object value needs parentheses) and
 * {@code if . then 1 end} (jq 1.6 needs {@code else}) are syntax errors.
 *
 * <p>Operators, loosest first: {@code |} (right), {@code ,}, {@code //} (right), the assignments
 * (non-associative), {@code or}, {@code and}, the comparisons (non-associative), {@code + -},
 * {@code * / %}, then a postfix {@code ?}. {@code def}, {@code label $x |} and {@code Term as $x |}
 * take everything to their right; {@code try} takes one term (and its {@code catch} one more);
 * unary minus takes a product.
 */
final class JqParser {
  private static final int PIPE = 1;
  private static final int COMMA = 2;
  private static final int ALTERNATIVE = 3;
  private static final int ASSIGN = 4;
  private static final int OR = 5;
  private static final int AND = 6;
  private static final int COMPARE = 7;
  private static final int SUM = 8;
  private static final int PRODUCT = 9;

  private static final Map<String, Integer> BINARY =
      Map.ofEntries(
          Map.entry("|", PIPE),
          Map.entry(",", COMMA),
          Map.entry("//", ALTERNATIVE),
          Map.entry("=", ASSIGN),
          Map.entry("|=", ASSIGN),
          Map.entry("+=", ASSIGN),
          Map.entry("-=", ASSIGN),
          Map.entry("*=", ASSIGN),
          Map.entry("/=", ASSIGN),
          Map.entry("%=", ASSIGN),
          Map.entry("//=", ASSIGN),
          Map.entry("==", COMPARE),
          Map.entry("!=", COMPARE),
          Map.entry("<", COMPARE),
          Map.entry("<=", COMPARE),
          Map.entry(">", COMPARE),
          Map.entry(">=", COMPARE),
          Map.entry("+", SUM),
          Map.entry("-", SUM),
          Map.entry("*", PRODUCT),
          Map.entry("/", PRODUCT),
          Map.entry("%", PRODUCT));

  /** Words that are not names in jq 1.6 ({@code true}, {@code false}, {@code null} are). */
  static final Set<String> KEYWORDS =
      Set.of(
          "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch",
          "label", "import", "include", "module", "and", "or", "__loc__", "break");

  private final List<Token> tokens;
  private int pos;

  private JqParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses a whole program.
   *
   * @throws JqCompileException for a syntax error, in jq's words with the column
   */
  static JqTree parse(List<Token> tokens) {
    if (tokens.isEmpty()) {
      throw new JqCompileException("empty expression");
    }
    Token first = tokens.get(0);
    if (first.isKeyword("import") || first.isKeyword("include") || first.isKeyword("module")) {
      throw new JqCompileException("modules (import, include) are not supported in mappings");
    }
    JqParser parser = new JqParser(tokens);
    JqTree tree = parser.exp(PIPE);
    if (parser.pos < tokens.size()) {
      throw parser.unexpected();
    }
    return tree;
  }

  // ---- tokens

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private Token peek(int ahead) {
    return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : null;
  }

  private boolean at(String punct) {
    Token t = peek();
    return t != null && t.is(punct);
  }

  private boolean atKeyword(String word) {
    Token t = peek();
    return t != null && t.isKeyword(word);
  }

  private boolean accept(String punct) {
    if (at(punct)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String punct) {
    if (!accept(punct)) {
      throw unexpected();
    }
  }

  private void expectKeyword(String word) {
    if (!atKeyword(word)) {
      throw unexpected();
    }
    pos++;
  }

  private JqCompileException unexpected() {
    Token t = peek();
    if (t == null) {
      return new JqCompileException("syntax error: unexpected end of expression");
    }
    return new JqCompileException(
        "syntax error: unexpected \"" + image(t) + "\" at column " + t.column());
  }

  static String image(Token t) {
    return switch (t.kind()) {
      case FIELD -> "." + t.text();
      case VARIABLE -> "$" + t.text();
      case FORMAT -> "@" + t.text();
      case PUNCT -> t.text().equals(JqLexer.INTERPOLATION) ? "(" : t.text();
      default -> t.text();
    };
  }

  private JqTree node(Kind kind, String name, List<JqTree> children, int from) {
    return new JqTree(kind, name, children, List.of(), List.of(), tokens, from, pos);
  }

  private JqTree leaf(Kind kind, String name, int from) {
    return node(kind, name, List.of(), from);
  }

  // ---- expressions

  private JqTree exp(int min) {
    int from = pos;
    JqTree left = unary();
    while (true) {
      Token t = peek();
      if (t == null) {
        return left;
      }
      if (t.is("?")) {
        pos++;
        left = node(Kind.OPTIONAL, null, List.of(left), from);
        continue;
      }
      Integer level = binaryLevel(t);
      if (level == null || level < min) {
        return left;
      }
      pos++;
      JqTree right = exp(level == PIPE || level == ALTERNATIVE ? level : level + 1);
      Kind kind = level == PIPE ? Kind.PIPE : level == COMMA ? Kind.COMMA : Kind.BINARY;
      left = node(kind, t.text(), List.of(left, right), from);
      if (level == ASSIGN || level == COMPARE) {
        Token next = peek();
        if (next != null && level.equals(binaryLevel(next))) {
          throw unexpected(); // non-associative: 1 < 2 < 3
        }
      }
    }
  }

  private static Integer binaryLevel(Token t) {
    if (t.kind() == JqLexer.Kind.PUNCT) {
      return BINARY.get(t.text());
    }
    if (t.isKeyword("and")) {
      return AND;
    }
    if (t.isKeyword("or")) {
      return OR;
    }
    return null;
  }

  /** An operand: a prefix form, or a term, which may begin {@code Term as Patterns | Exp}. */
  private JqTree unary() {
    int from = pos;
    Token t = peek();
    if (t == null) {
      throw unexpected();
    }
    if (t.is("-")) {
      pos++;
      return node(Kind.NEG, null, List.of(exp(PRODUCT)), from);
    }
    if (t.kind() == JqLexer.Kind.IDENT) {
      switch (t.text()) {
        case "def" -> {
          return definition();
        }
        case "reduce" -> {
          return reduce();
        }
        case "foreach" -> {
          return foreach();
        }
        case "if" -> {
          return conditional();
        }
        case "try" -> {
          pos++;
          JqTree body = unary();
          if (atKeyword("catch")) {
            pos++;
            return node(Kind.TRY, null, List.of(body, unary()), from);
          }
          return node(Kind.TRY, null, List.of(body), from);
        }
        case "label" -> {
          pos++;
          Token name = variableName();
          expect("|");
          return node(Kind.LABEL, name.text(), List.of(exp(PIPE)), from);
        }
        default -> {}
      }
    }
    JqTree term = term();
    if (atKeyword("as")) {
      pos++;
      List<JqTree> alternatives = patterns();
      expect("|");
      JqTree body = exp(PIPE);
      return new JqTree(
          Kind.AS, null, List.of(term, body), alternatives, List.of(), tokens, from, pos);
    }
    return term;
  }

  private Token variableName() {
    Token t = peek();
    if (t == null || t.kind() != JqLexer.Kind.VARIABLE || t.text().equals("__loc__")) {
      throw unexpected();
    }
    pos++;
    return t;
  }

  private JqTree definition() {
    int from = pos;
    expectKeyword("def");
    Token name = peek();
    if (name == null || name.kind() != JqLexer.Kind.IDENT || KEYWORDS.contains(name.text())) {
      throw unexpected();
    }
    pos++;
    List<String> params = new ArrayList<>();
    if (accept("(")) {
      do {
        Token p = peek();
        if (p != null && p.kind() == JqLexer.Kind.VARIABLE && !p.text().equals("__loc__")) {
          params.add("$" + p.text());
        } else if (p != null && p.kind() == JqLexer.Kind.IDENT && !KEYWORDS.contains(p.text())) {
          params.add(p.text());
        } else {
          throw unexpected();
        }
        pos++;
      } while (accept(";"));
      expect(")");
    }
    expect(":");
    JqTree body = exp(PIPE);
    expect(";");
    List<JqTree> children = new ArrayList<>(2);
    children.add(body);
    if (pos < tokens.size()) {
      children.add(exp(PIPE)); // the expression the definition is visible in
    }
    return new JqTree(Kind.DEF, name.text(), children, List.of(), params, tokens, from, pos);
  }

  private JqTree reduce() {
    int from = pos;
    expectKeyword("reduce");
    JqTree source = term();
    expectKeyword("as");
    List<JqTree> alternatives = patterns();
    expect("(");
    JqTree init = exp(PIPE);
    expect(";");
    JqTree update = exp(PIPE);
    expect(")");
    return new JqTree(
        Kind.REDUCE,
        null,
        List.of(source, init, update),
        alternatives,
        List.of(),
        tokens,
        from,
        pos);
  }

  private JqTree foreach() {
    int from = pos;
    expectKeyword("foreach");
    JqTree source = term();
    expectKeyword("as");
    List<JqTree> alternatives = patterns();
    expect("(");
    List<JqTree> children = new ArrayList<>(4);
    children.add(source);
    children.add(exp(PIPE));
    expect(";");
    children.add(exp(PIPE));
    if (accept(";")) {
      children.add(exp(PIPE));
    }
    expect(")");
    return new JqTree(Kind.FOREACH, null, children, alternatives, List.of(), tokens, from, pos);
  }

  private JqTree conditional() {
    int from = pos;
    expectKeyword("if");
    List<JqTree> children = new ArrayList<>();
    children.add(exp(PIPE));
    expectKeyword("then");
    children.add(exp(PIPE));
    while (atKeyword("elif")) {
      pos++;
      children.add(exp(PIPE));
      expectKeyword("then");
      children.add(exp(PIPE));
    }
    expectKeyword("else");
    children.add(exp(PIPE));
    expectKeyword("end");
    return node(Kind.IF, null, children, from);
  }

  // ---- terms

  private JqTree term() {
    int from = pos;
    Token t = peek();
    if (t == null) {
      throw unexpected();
    }
    pos++;
    JqTree term;
    boolean indexed = false; // jq allows a postfix ? only after .a, ."a" and x[...]
    switch (t.kind()) {
      case FIELD -> {
        term = leaf(Kind.FIELD, t.text(), from);
        indexed = true;
      }
      case NUMBER -> term = leaf(Kind.NUMBER, t.text(), from);
      case STRING, TEMPLATE -> term = string(t, null, from);
      case FORMAT -> {
        Token next = peek();
        if (next != null
            && (next.kind() == JqLexer.Kind.STRING || next.kind() == JqLexer.Kind.TEMPLATE)) {
          pos++;
          term = string(next, t.text(), from);
        } else {
          term = leaf(Kind.FORMAT, t.text(), from);
        }
      }
      case VARIABLE ->
          term = leaf(t.text().equals("__loc__") ? Kind.LOC : Kind.VARIABLE, t.text(), from);
      case IDENT -> term = named(t, from);
      case PUNCT -> {
        switch (t.text()) {
          case "." -> {
            Token next = peek();
            if (next != null
                && (next.kind() == JqLexer.Kind.STRING || next.kind() == JqLexer.Kind.TEMPLATE)) {
              int keyFrom = pos++;
              JqTree key = string(next, null, keyFrom);
              term = node(Kind.POSTFIX, null, List.of(key), from);
              indexed = true;
            } else {
              term = leaf(Kind.IDENTITY, null, from);
            }
          }
          case ".." -> term = leaf(Kind.RECURSE, null, from);
          case "(" -> {
            JqTree inner = exp(PIPE);
            expect(")");
            term = node(Kind.PAREN, null, List.of(inner), from);
          }
          case "[" -> {
            if (accept("]")) {
              term = node(Kind.ARRAY, null, List.of(), from);
            } else {
              JqTree inner = exp(PIPE);
              expect("]");
              term = node(Kind.ARRAY, null, List.of(inner), from);
            }
          }
          case "{" -> term = object(from);
          default -> {
            pos--;
            throw unexpected();
          }
        }
      }
      default -> {
        pos--;
        throw unexpected();
      }
    }
    while (true) {
      Token next = peek();
      if (next == null) {
        return term;
      }
      if (next.kind() == JqLexer.Kind.FIELD) {
        pos++;
        term = node(Kind.POSTFIX, next.text(), List.of(term), from);
        indexed = true;
      } else if (next.is(".")
          && peek(1) != null
          && (peek(1).kind() == JqLexer.Kind.STRING || peek(1).kind() == JqLexer.Kind.TEMPLATE)) {
        pos++;
        int keyFrom = pos++;
        JqTree key = string(peek(-1), null, keyFrom);
        term = node(Kind.POSTFIX, null, List.of(term, key), from);
        indexed = true;
      } else if (next.is("[")) {
        pos++;
        term = index(term, from);
        indexed = true;
      } else if (next.is("?") && indexed) {
        pos++;
        term = node(Kind.OPTIONAL, null, List.of(term), from);
      } else {
        return term;
      }
    }
  }

  /** After {@code x[}: {@code ]}, {@code e]}, {@code e:]}, {@code :e]} or {@code e:e]}. */
  private JqTree index(JqTree target, int from) {
    List<JqTree> children = new ArrayList<>(3);
    children.add(target);
    if (accept("]")) {
      return node(Kind.POSTFIX, null, children, from);
    }
    if (accept(":")) {
      children.add(exp(PIPE));
      expect("]");
      return node(Kind.POSTFIX, null, children, from);
    }
    children.add(exp(PIPE));
    if (accept(":")) {
      if (!at("]")) {
        children.add(exp(PIPE));
      }
    }
    expect("]");
    return node(Kind.POSTFIX, null, children, from);
  }

  /** A string token already consumed at {@code from}; its interpolations follow it. */
  private JqTree string(Token t, String format, int from) {
    if (t.kind() == JqLexer.Kind.STRING && format == null) {
      return leaf(Kind.STRING, t.text(), from);
    }
    List<JqTree> parts = new ArrayList<>();
    if (t.kind() == JqLexer.Kind.TEMPLATE) {
      while (at(JqLexer.INTERPOLATION)) {
        pos++;
        parts.add(exp(PIPE));
        expect(")");
      }
    }
    return node(Kind.TEMPLATE, format, parts, from);
  }

  /** A name: a literal, {@code break $label}, or a call with its arguments. */
  private JqTree named(Token t, int from) {
    switch (t.text()) {
      case "true", "false", "null" -> {
        return leaf(Kind.LITERAL, t.text(), from);
      }
      case "break" -> {
        Token label = variableName();
        return leaf(Kind.BREAK, label.text(), from);
      }
      default -> {}
    }
    if (KEYWORDS.contains(t.text())) {
      pos--;
      throw unexpected();
    }
    List<JqTree> args = new ArrayList<>();
    if (accept("(")) {
      do {
        args.add(exp(PIPE));
      } while (accept(";"));
      expect(")");
    }
    return node(Kind.CALL, t.text(), args, from);
  }

  private JqTree object(int from) {
    List<JqTree> entries = new ArrayList<>();
    if (!accept("}")) {
      do {
        entries.add(entry());
      } while (accept(","));
      expect("}");
    }
    return node(Kind.OBJECT, null, entries, from);
  }

  private JqTree entry() {
    int from = pos;
    Token t = peek();
    if (t == null) {
      throw unexpected();
    }
    switch (t.kind()) {
      case IDENT -> {
        pos++;
        if (accept(":")) {
          return node(Kind.ENTRY, t.text(), List.of(objectValue()), from);
        }
        if (KEYWORDS.contains(t.text())) {
          throw unexpected(); // {if} needs a value
        }
        return leaf(Kind.ENTRY, t.text(), from);
      }
      case VARIABLE -> {
        variableName();
        return node(Kind.ENTRY, null, List.of(leaf(Kind.VARIABLE, t.text(), from)), from);
      }
      case STRING, TEMPLATE, FORMAT -> {
        JqTree key = term(); // a string, maybe formatted; term() reads no further than that
        if (!key.is(Kind.STRING) && !key.is(Kind.TEMPLATE)) {
          pos = from;
          throw unexpected();
        }
        if (accept(":")) {
          return node(Kind.ENTRY, null, List.of(key, objectValue()), from);
        }
        return node(Kind.ENTRY, null, List.of(key), from);
      }
      case PUNCT -> {
        if (t.is("(")) {
          pos++;
          JqTree inner = exp(PIPE);
          expect(")");
          JqTree key = node(Kind.PAREN, null, List.of(inner), from);
          expect(":");
          return node(Kind.ENTRY, null, List.of(key, objectValue()), from);
        }
        throw unexpected();
      }
      default -> throw unexpected();
    }
  }

  /** An object value: terms, negated terms, and pipes of them ({@code {a: .b | .c}}). */
  private JqTree objectValue() {
    int from = pos;
    JqTree left = negatedTerm();
    if (accept("|")) {
      JqTree right = objectValue();
      return node(Kind.PIPE, "|", List.of(left, right), from);
    }
    return left;
  }

  private JqTree negatedTerm() {
    int from = pos;
    if (accept("-")) {
      return node(Kind.NEG, null, List.of(negatedTerm()), from);
    }
    return term();
  }

  // ---- patterns

  private List<JqTree> patterns() {
    List<JqTree> alternatives = new ArrayList<>();
    alternatives.add(pattern());
    while (accept("?//")) {
      alternatives.add(pattern());
    }
    return alternatives;
  }

  private JqTree pattern() {
    int from = pos;
    Token t = peek();
    if (t != null && t.kind() == JqLexer.Kind.VARIABLE) {
      variableName();
      return leaf(Kind.PVAR, t.text(), from);
    }
    if (accept("[")) {
      List<JqTree> items = new ArrayList<>();
      do {
        items.add(pattern());
      } while (accept(","));
      expect("]");
      return node(Kind.PARRAY, null, items, from);
    }
    if (accept("{")) {
      List<JqTree> entries = new ArrayList<>();
      do {
        entries.add(patternEntry());
      } while (accept(","));
      expect("}");
      return node(Kind.POBJECT, null, entries, from);
    }
    throw unexpected();
  }

  private JqTree patternEntry() {
    int from = pos;
    Token t = peek();
    if (t == null) {
      throw unexpected();
    }
    if (t.kind() == JqLexer.Kind.VARIABLE) {
      variableName();
      if (accept(":")) {
        return node(Kind.PENTRY, t.text(), List.of(pattern()), from);
      }
      return leaf(Kind.PENTRY, t.text(), from);
    }
    JqTree key = null;
    if (t.kind() == JqLexer.Kind.IDENT) {
      pos++;
    } else if (t.kind() == JqLexer.Kind.STRING
        || t.kind() == JqLexer.Kind.TEMPLATE
        || t.kind() == JqLexer.Kind.FORMAT) {
      key = term();
      if (!key.is(Kind.STRING) && !key.is(Kind.TEMPLATE)) {
        pos = from;
        throw unexpected();
      }
    } else if (t.is("(")) {
      pos++;
      JqTree inner = exp(PIPE);
      expect(")");
      key = node(Kind.PAREN, null, List.of(inner), from);
    } else {
      throw unexpected();
    }
    expect(":");
    JqTree sub = pattern();
    return node(Kind.PENTRY, null, key == null ? List.of(sub) : List.of(key, sub), from);
  }
}
