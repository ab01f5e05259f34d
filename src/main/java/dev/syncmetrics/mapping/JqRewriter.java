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
 * than jq 1.6; paths, calls and literals are copied as written.
 *
 * <ul>
 *   <li>jackson-jq's grammar groups some operators otherwise than jq's ({@code and} and {@code or}
 *       alike, {@code =} looser than {@code //}, {@code 1 + 2 as $x} as {@code (1 + 2) as $x},
 *       whole pipes after {@code try}): every operator, {@code as}, {@code label}, {@code def},
 *       {@code try} and object value is printed in parentheses, so jackson-jq reads the tree this
 *       parser read.
 *   <li>{@code . as [$a] ?// $a | body}, which jackson-jq cannot parse, becomes a {@code try} per
 *       alternative: each binds its pattern (the other alternatives' variables to null) and runs
 *       the body; an error in the pattern or the body moves on to the next alternative, and the
 *       last one's error is the error, as in jq. In {@code reduce} and {@code foreach} the
 *       alternatives give the tuple of variables the update then binds.
 *   <li>{@code "\(x)"} prints x through {@code _sm_tostring} ({@link JqFormats}), for jq's numbers;
 *       {@code a < b} (and {@code <= > >=}) calls {@code _sm_less(a; b)} ({@link JqOrder}), for
 *       jq's order of strings; {@code a |= b} calls {@code _sm_modify(a; b)} ({@link JqUpdate}),
 *       which deletes the path when b gives nothing.
 *   <li>A {@code foreach} carries its state as {@code [value, emitted]}: when the update gives
 *       nothing, jq 1.6 goes on from null, jackson-jq from the previous state.
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
      case PIPE -> {
        return "(" + emit(n.child(0)) + " | " + emit(n.child(1)) + ")";
      }
      case COMMA -> {
        return "(" + emit(n.child(0)) + ", " + emit(n.child(1)) + ")";
      }
      case BINARY -> {
        String function = COMPARISONS.get(n.name);
        if (function != null) {
          return function + "(" + emit(n.child(0)) + "; " + emit(n.child(1)) + ")";
        }
        if (JqConstants.nanQuotient(n)) {
          return "nan";
        }
        if (n.name.equals("|=")) {
          // an update that gives no value deletes the path, where jackson-jq's |= fails
          return "_sm_modify(" + emit(n.child(0)) + "; " + emit(n.child(1)) + ")";
        }
        return "(" + emit(n.child(0)) + " " + n.name + " " + emit(n.child(1)) + ")";
      }
      case NEG -> {
        JqTree operand = n.child(0);
        JsonNode literal = operand.is(Kind.NUMBER) ? JqConstants.value(operand) : null;
        if (literal == null || literal.asDouble() == 0) {
          return "(" + emit(operand) + " | _sm_negate)";
        }
      }
      case OPTIONAL -> {
        JqTree operand = n.child(0);
        if (!operand.is(Kind.FIELD) && !operand.is(Kind.POSTFIX)) {
          return "(" + emit(operand) + ")?";
        }
      }
      case TRY -> {
        String body = "(try (" + emit(n.child(0)) + ")";
        return body + (n.children.size() > 1 ? " catch (" + emit(n.child(1)) + "))" : ")");
      }
      case LABEL -> {
        return "(label $" + n.name + " | (" + emit(n.child(0)) + "))";
      }
      case AS -> {
        if (n.patterns.size() > 1) {
          return alternatives(n);
        }
        return "(("
            + emit(n.child(0))
            + ") as "
            + emit(n.patterns.get(0))
            + " | ("
            + emit(n.child(1))
            + "))";
      }
      case REDUCE, FOREACH -> {
        return n.patterns.size() > 1 ? alternatives(n) : loop(n, emit(n.patterns.get(0)));
      }
      case DEF -> {
        return "(" + definition(n) + ")";
      }
      case ENTRY -> {
        if (n.name != null && n.children.size() == 1) {
          return n.name + ": (" + emit(n.child(0)) + ")";
        }
        if (n.name == null && n.children.size() == 2) {
          return emit(n.child(0)) + ": (" + emit(n.child(1)) + ")";
        }
      }
      case POSTFIX -> {
        JqTree target = n.children.isEmpty() ? null : n.child(0);
        if (target != null && target.start == n.start && !chainable(target)) {
          return "("
              + emit(target)
              + ")"
              + copy(target.end, n.end, n.children.subList(1, n.children.size()));
        }
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
      default -> {}
    }
    return copy(n.start, n.end, subnodes(n));
  }

  /** Whether jackson-jq can put {@code .a}, {@code [i]} after the term as it stands. */
  private static boolean chainable(JqTree t) {
    return switch (t.kind) {
      case IDENTITY,
          FIELD,
          POSTFIX,
          VARIABLE,
          CALL,
          PAREN,
          ARRAY,
          OBJECT,
          STRING,
          NUMBER,
          LITERAL ->
          true;
      case TEMPLATE -> t.name == null;
      case OPTIONAL -> chainable(t.child(0));
      default -> false;
    };
  }

  /** {@code reduce} or {@code foreach} with one pattern. */
  private String loop(JqTree n, String pattern) {
    return loop(n, emit(n.child(0)), pattern);
  }

  /**
   * {@code reduce (source) as pattern (init; update)}, or the same {@code foreach}. When a foreach
   * update gives no value, jq 1.6 goes on from null where jackson-jq keeps the state it had; so the
   * state travels as {@code [value, emitted]}, and an empty update makes it {@code [null, false]}.
   */
  private String loop(JqTree n, String source, String pattern) {
    StringBuilder out = new StringBuilder();
    if (n.is(Kind.REDUCE)) {
      out.append("reduce (").append(source).append(") as ").append(pattern).append(" (");
      return out.append(emit(n.child(1)))
          .append("; ")
          .append(emit(n.child(2)))
          .append(')')
          .toString();
    }
    String outputs = freshVariable("outputs");
    out.append("foreach (").append(source).append(") as ").append(pattern).append(" ((");
    out.append(emit(n.child(1))).append(") | [., false]; ");
    out.append("(.[0] | [").append(emit(n.child(2))).append("]) as $").append(outputs);
    out.append(" | if $").append(outputs).append(" == [] then [null, false] else $");
    out.append(outputs).append("[] | [., true] end; select(.[1]) | .[0]");
    if (n.children.size() > 3) {
      out.append(" | (").append(emit(n.child(3))).append(')');
    }
    return out.append(')').toString();
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
    out.append(": ").append(bind).append('(').append(emit(n.child(0))).append("); ");
    // jackson-jq reads a definition and then one term: the rest goes in parentheses
    return out.append(n.children.size() == 1 ? "." : "(" + emit(n.child(1)) + ")").toString();
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
      out.append("(. as $").append(dot).append(" | (").append(emit(n.child(0)));
      out.append(") as $").append(value).append(" | ");
      String body = "$" + dot + " | (" + emit(n.child(1)) + ")";
      out.append(chain(n.patterns, all, value, body)).append(')');
      return out.toString();
    }
    String tuple = "[" + String.join(", ", all.stream().map(v -> "$" + v).toList()) + "]";
    // the source gives the tuple of every alternative's variables, the loop binds it
    String choices =
        "(" + emit(n.child(0)) + ") as $" + value + " | " + chain(n.patterns, all, value, tuple);
    return loop(n, choices, tuple);
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
