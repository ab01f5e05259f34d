package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.mapping.JqLexer.Token;
import dev.syncmetrics.mapping.JqTree.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a parsed program back for jackson-jq, rewriting the parts jackson-jq would run otherwise
 * than jq 1.6; the rest of the text is copied as it is.
 *
 * <ul>
 *   <li>{@code . as [$a] ?// $a | body}, which jackson-jq cannot parse, becomes a {@code try} per
 *       alternative: each binds its pattern (the other alternatives' variables to null) and runs
 *       the body; an error in the pattern or the body moves on to the next alternative, and the
 *       last one's error is the error, as in jq. In {@code reduce} and {@code foreach} the
 *       alternatives give the tuple of variables the update then binds.
 *   <li>{@code "\(x)"} prints x through {@code _sm_tostring} ({@link JqFormats}), for jq's numbers.
 *   <li>{@code a < b} (and {@code <= > >=}) calls {@code _sm_less(a; b)}, for jq's order of strings
 *       ({@link JqOrder}).
 *   <li>A definition that hides another gets the fresh name {@link JqNameCheck} gave it, and so do
 *       the calls to it. {@code def f($a): ...} becomes {@code def f(a): a as $a | ...}, which is
 *       what it means in jq (so {@code a} is defined too). A program of definitions only gets
 *       {@code .}, as jq runs it.
 *   <li>{@code -x} becomes {@code (x | _sm_negate)} ({@link JqFunctions}), which keeps jq's
 *       negative zero and names the right value in its error; a negative number literal stays.
 *   <li>{@code $__loc__} becomes its value, an integer literal beyond 64 bits a double (jq reads
 *       every number as one), and {@code 0/0} (which jq folds at compile time) {@code nan}.
 * </ul>
 */
final class JqRewriter {
  private static final Map<String, String> COMPARISONS =
      Map.of("<", "_sm_less", "<=", "_sm_lesseq", ">", "_sm_greater", ">=", "_sm_greatereq");

  private final String program;
  private final String source;
  private final List<Token> tokens;
  private final JqNameCheck.Names names;
  private final Set<String> variables = new HashSet<>();
  private int fresh;

  private JqRewriter(JqLexer.Result lexed, String source, JqNameCheck.Names names) {
    this.program = lexed.program();
    this.source = source;
    this.tokens = lexed.tokens();
    this.names = names;
    for (Token t : tokens) {
      if (t.kind() == JqLexer.Kind.VARIABLE) {
        variables.add(t.text());
      }
    }
  }

  /** The program jackson-jq compiles for {@code tree}, parsed from {@code lexed}. */
  static String rewrite(JqTree tree, JqLexer.Result lexed, String source, JqNameCheck.Names names) {
    JqRewriter rewriter = new JqRewriter(lexed, source, names);
    String program = lexed.program();
    return program.substring(0, tree.start)
        + (tree.is(Kind.DEF) ? rewriter.definition(tree) : rewriter.emit(tree))
        + program.substring(tree.end);
  }

  private String emit(JqTree n) {
    switch (n.kind) {
      case DEF -> {
        return "(" + definition(n) + ")"; // jackson-jq would end it at a lower operator
      }
      case LABEL -> {
        return "(" + copy(n.start, n.end, subnodes(n)) + ")";
      }
      case CALL -> {
        String name = names.of(n);
        if (!name.equals(n.name)) {
          return name + copy(tokens.get(n.from).end(), n.end, subnodes(n));
        }
      }
      case TEMPLATE -> {
        if (n.name == null && !n.children.isEmpty()) {
          StringBuilder out = new StringBuilder();
          int at = n.start;
          for (JqTree part : n.children) {
            out.append(program, at, part.start);
            out.append('(').append(emit(part)).append(") | _sm_tostring");
            at = part.end;
          }
          return out.append(program, at, n.end).toString();
        }
      }
      case LOC -> {
        return "{\"file\":\"<top-level>\",\"line\":" + line(n) + "}";
      }
      case NUMBER -> {
        if (n.name.chars().allMatch(Character::isDigit)
            && new BigInteger(n.name).bitLength() > 63) {
          return n.name + ".0"; // jq reads it as a double; jackson-jq would fail to read a long
        }
      }
      case BINARY -> {
        String function = COMPARISONS.get(n.name);
        if (function != null) {
          return function + "(" + emit(n.child(0)) + "; " + emit(n.child(1)) + ")";
        }
        if (JqConstants.nanQuotient(n)) {
          return "nan";
        }
      }
      case NEG -> {
        JqTree operand = n.child(0);
        JsonNode literal = operand.is(Kind.NUMBER) ? JqConstants.value(operand) : null;
        if (literal == null || literal.asDouble() == 0) {
          return "(" + emit(operand) + " | _sm_negate)";
        }
      }
      case AS -> {
        // jackson-jq reads 1 + 2 as $x | $x as (1 + 2) as $x | $x; jq as 1 + (2 as $x | $x)
        return n.patterns.size() > 1
            ? alternatives(n)
            : "(" + copy(n.start, n.end, subnodes(n)) + ")";
      }
      case REDUCE, FOREACH -> {
        if (n.patterns.size() > 1) {
          return alternatives(n);
        }
      }
      default -> {}
    }
    return copy(n.start, n.end, subnodes(n));
  }

  private String copy(int from, int to, List<JqTree> subnodes) {
    StringBuilder out = new StringBuilder(to - from + 16);
    int at = from;
    for (JqTree sub : subnodes) {
      if (sub.start < at) {
        continue;
      }
      out.append(program, at, sub.start).append(emit(sub));
      at = sub.end;
    }
    return out.append(program, at, to).toString();
  }

  private static List<JqTree> subnodes(JqTree n) {
    if (n.patterns.isEmpty()) {
      return n.children;
    }
    List<JqTree> all = new ArrayList<>(n.children);
    all.addAll(n.patterns);
    all.sort(Comparator.comparingInt(t -> t.start));
    return all;
  }

  private int line(JqTree n) {
    int offset = Math.min(n.column - 1, source.length());
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private String definition(JqTree n) {
    StringBuilder out = new StringBuilder("def ").append(names.of(n));
    StringBuilder bind = new StringBuilder();
    if (!n.params.isEmpty()) {
      out.append('(');
      for (int i = 0; i < n.params.size(); i++) {
        String p = n.params.get(i);
        String name = p.startsWith("$") ? p.substring(1) : p;
        out.append(i > 0 ? "; " : "").append(name);
        if (p.startsWith("$")) {
          bind.append(name).append(" as $").append(name).append(" | ");
        }
      }
      out.append(')');
    }
    out.append(": ").append(bind).append(emit(n.child(0))).append("; ");
    if (n.children.size() == 1) {
      return out.append('.').toString();
    }
    JqTree rest = n.child(1);
    return out.append(rest.is(Kind.DEF) ? definition(rest) : emit(rest)).toString();
  }

  /** {@code ?//}: one {@code try} per alternative but the last. */
  private String alternatives(JqTree n) {
    List<String> all = new ArrayList<>();
    for (JqTree p : n.patterns) {
      JqNameCheck.variables(p, all);
    }
    String value = freshVariable("alt");
    StringBuilder out = new StringBuilder();
    if (n.is(Kind.AS)) {
      String dot = freshVariable("dot");
      out.append("(. as $").append(dot).append(" | ").append(emit(n.child(0)));
      out.append(" as $").append(value).append(" | ");
      String body = "$" + dot + " | " + emit(n.child(1));
      out.append(chain(n.patterns, all, value, body)).append(')');
      return out.toString();
    }
    String tuple = "[" + String.join(", ", all.stream().map(v -> "$" + v).toList()) + "]";
    out.append(n.is(Kind.REDUCE) ? "reduce (" : "foreach (").append(emit(n.child(0)));
    out.append(" as $").append(value).append(" | ");
    out.append(chain(n.patterns, all, value, tuple)).append(") as ").append(tuple).append(" (");
    for (int i = 1; i < n.children.size(); i++) {
      out.append(i > 1 ? "; " : "").append(emit(n.child(i)));
    }
    return out.append(')').toString();
  }

  private String chain(List<JqTree> patterns, List<String> all, String value, String body) {
    StringBuilder out = new StringBuilder();
    int last = patterns.size() - 1;
    for (int i = 0; i < last; i++) {
      out.append("try (")
          .append(alternative(patterns.get(i), all, value, body))
          .append(") catch (");
    }
    out.append(alternative(patterns.get(last), all, value, body));
    out.append(")".repeat(last));
    return out.toString();
  }

  private String alternative(JqTree pattern, List<String> all, String value, String body) {
    List<String> mine = new ArrayList<>();
    JqNameCheck.variables(pattern, mine);
    StringBuilder out = new StringBuilder("$").append(value).append(" as ").append(emit(pattern));
    out.append(" | ");
    for (String v : all) {
      if (!mine.contains(v)) {
        out.append("null as $").append(v).append(" | ");
      }
    }
    return out.append(body).toString();
  }

  private String freshVariable(String base) {
    String name;
    do {
      name = "__" + base + (++fresh);
    } while (variables.contains(name));
    variables.add(name);
    return name;
  }
}
