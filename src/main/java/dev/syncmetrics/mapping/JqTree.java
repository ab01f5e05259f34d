package dev.syncmetrics.mapping;

import dev.syncmetrics.mapping.JqLexer.Token;
import java.util.List;

/**
 * One node of a jq program as {@link JqParser} reads it: its kind, a name where it has one, and the
 * tokens it spans. The nodes keep the program's own text ({@link #start}, {@link #end} in the lexed
 * program), so {@link JqRewriter} can print a program back with only some nodes changed.
 *
 * <p>What {@link #children} hold, by kind (an optional part is simply absent):
 *
 * <ul>
 *   <li>PIPE, COMMA, BINARY ({@code name} is the operator): left, right. NEG, OPTIONAL, PAREN,
 *       ARRAY: the expression inside (an empty array has none).
 *   <li>DEF ({@code name}, {@link #params}): body, then the expression it is visible in (absent for
 *       the last definition of a program made of definitions only).
 *   <li>AS: the source, then the body; its alternatives are in {@link #patterns}. REDUCE: source,
 *       init, update. FOREACH: source, init, update, extract.
 *   <li>IF: condition, then-branch, more condition/branch pairs for each elif, else-branch. TRY:
 *       body, handler. LABEL and BREAK: {@code name} is the label.
 *   <li>CALL ({@code name}): the arguments. TEMPLATE ({@code name} is the format or null): the
 *       interpolated expressions. POSTFIX: the expressions of {@code x.a}, {@code x[i]}, {@code
 *       x[i:j]}, {@code x[]}, target first. OBJECT: ENTRY nodes.
 *   <li>ENTRY: with a {@code name}, the key is that word and the child, if any, is the value; the
 *       shorthand {@code {a}} has none. Without, the first child is the key (STRING, TEMPLATE,
 *       VARIABLE or PAREN) and the second the value, absent for {@code {$x}} and {@code {"a"}}.
 *   <li>Patterns: PVAR ({@code name}); PARRAY: patterns; POBJECT: PENTRY nodes; PENTRY: {@code
 *       name} is the variable it binds ({@code {$a}}, {@code {$a: p}}), children are the key
 *       expression (STRING, TEMPLATE or PAREN) if any and the sub-pattern if any.
 *   <li>Leaves: IDENTITY, RECURSE, FIELD ({@code name}), NUMBER, STRING, LITERAL ({@code true},
 *       {@code false}, {@code null}), FORMAT, VARIABLE, LOC ({@code $__loc__}).
 * </ul>
 */
final class JqTree {
  enum Kind {
    PIPE,
    COMMA,
    BINARY,
    NEG,
    OPTIONAL,
    DEF,
    AS,
    REDUCE,
    FOREACH,
    IF,
    TRY,
    LABEL,
    BREAK,
    IDENTITY,
    RECURSE,
    FIELD,
    POSTFIX,
    NUMBER,
    STRING,
    TEMPLATE,
    FORMAT,
    LITERAL,
    VARIABLE,
    LOC,
    CALL,
    PAREN,
    ARRAY,
    OBJECT,
    ENTRY,
    PVAR,
    PARRAY,
    POBJECT,
    PENTRY
  }

  final Kind kind;
  final String name;
  final List<JqTree> children;
  final List<JqTree> patterns;
  final List<String> params;

  /** The first token and the one after the last. */
  final int from;

  final int to;

  /** The node's text in the lexed program: {@code program.substring(start, end)}. */
  final int start;

  final int end;

  /** The 1-based column of its first token in the program as written. */
  final int column;

  JqTree(
      Kind kind,
      String name,
      List<JqTree> children,
      List<JqTree> patterns,
      List<String> params,
      List<Token> tokens,
      int from,
      int to) {
    this.kind = kind;
    this.name = name;
    this.children = children;
    this.patterns = patterns;
    this.params = params;
    this.from = from;
    this.to = to;
    this.start = tokens.get(from).start();
    int last = 0;
    for (int i = from; i < to; i++) {
      last = Math.max(last, tokens.get(i).end()); // a string's token ends after its interpolations
    }
    this.end = last;
    this.column = tokens.get(from).column();
  }

  JqTree child(int i) {
    return children.get(i);
  }

  boolean is(Kind k) {
    return kind == k;
  }

  @Override
  public String toString() {
    return kind + (name == null ? "" : "(" + name + ")") + children;
  }
}
