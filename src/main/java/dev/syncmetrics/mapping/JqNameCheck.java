package dev.syncmetrics.mapping;

import dev.syncmetrics.mapping.JqLexer.Kind;
import dev.syncmetrics.mapping.JqLexer.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Finds calls to undefined functions and uses of unbound variables, as jq reports them when it
 * compiles a program ({@code roundd/0 is not defined}, {@code $x is not defined}); jackson-jq only
 * notices them when the expression runs.
 *
 * <p>The check is deliberately scope-insensitive: a name defined or bound anywhere in the program
 * counts as defined everywhere in it, so it can miss a mistake but never rejects a valid program.
 */
final class JqNameCheck {
  private final List<Token> tokens;
  private final BiPredicate<String, Integer> builtin;
  private final Set<String> localFunctions = new HashSet<>();
  private final Set<String> variables = new HashSet<>();
  private final Set<Integer> bindingPositions = new HashSet<>();

  private JqNameCheck(List<Token> tokens, BiPredicate<String, Integer> builtin) {
    this.tokens = tokens;
    this.builtin = builtin;
  }

  /**
   * Returns the first problem in jq's words, or empty when every name is defined.
   *
   * @param builtin whether a function of that name and arity is defined outside the program
   */
  static Optional<String> check(List<Token> tokens, BiPredicate<String, Integer> builtin) {
    return new JqNameCheck(tokens, builtin).run();
  }

  private Optional<String> run() {
    for (Token t : tokens) {
      if (t.isKeyword("import") || t.isKeyword("include")) {
        return Optional.of("modules (import, include) are not supported in mappings");
      }
    }
    collectDefinitions();
    Deque<String> brackets = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Kind.PUNCT) {
        trackBrackets(brackets, t);
      } else if (t.kind() == Kind.VARIABLE && !bindingPositions.contains(i)) {
        if (!variables.contains(t.text())) {
          return Optional.of("$" + t.text() + " is not defined");
        }
      } else if (t.kind() == Kind.FORMAT) {
        if (!builtin.test("@" + t.text(), 0)) {
          return Optional.of("@" + t.text() + " is not a valid format");
        }
      } else if (t.kind() == Kind.IDENT && isCall(i, brackets)) {
        int arity = arityAt(i);
        String key = t.text() + "/" + arity;
        if (!localFunctions.contains(key) && !builtin.test(t.text(), arity)) {
          return Optional.of(key + " is not defined");
        }
      }
    }
    return Optional.empty();
  }

  /** Function definitions, their parameters, and every variable binding. */
  private void collectDefinitions() {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isKeyword("def") && i + 1 < tokens.size()) {
        i = definition(i + 1);
      } else if ((t.isKeyword("as") || t.isKeyword("label")) && i + 1 < tokens.size()) {
        bindPattern(i + 1);
      }
    }
  }

  /** Records {@code def name(params):}; returns the index of the name token. */
  private int definition(int nameIndex) {
    String name = tokens.get(nameIndex).text();
    bindingPositions.add(nameIndex);
    int arity = 0;
    int i = nameIndex + 1;
    if (i < tokens.size() && tokens.get(i).is("(")) {
      arity = 1;
      for (i++; i < tokens.size() && !tokens.get(i).is(")"); i++) {
        Token p = tokens.get(i);
        if (p.is(";")) {
          arity++;
        } else if (p.kind() == Kind.VARIABLE) {
          // def f($a): $a is bound (jq also binds a as a filter; jackson-jq does not)
          bindingPositions.add(i);
          variables.add(p.text());
        } else if (p.kind() == Kind.IDENT) {
          bindingPositions.add(i); // def f(g): g is a filter of arity 0
          localFunctions.add(p.text() + "/0");
        }
      }
    }
    localFunctions.add(name + "/" + arity);
    return nameIndex;
  }

  /** Binds the variables of {@code as $x}, {@code as [$a, {b: $c}]} or {@code label $out}. */
  private void bindPattern(int start) {
    Token first = tokens.get(start);
    if (first.kind() == Kind.VARIABLE) {
      bindingPositions.add(start);
      variables.add(first.text());
      return;
    }
    if (!first.is("[") && !first.is("{")) {
      return;
    }
    int depth = 0;
    for (int i = start; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is("[") || t.is("{") || t.is("(")) {
        depth++;
      } else if (t.is("]") || t.is("}") || t.is(")")) {
        if (--depth == 0) {
          return;
        }
      } else if (t.kind() == Kind.VARIABLE) {
        bindingPositions.add(i);
        variables.add(t.text());
      }
    }
  }

  private static void trackBrackets(Deque<String> brackets, Token t) {
    switch (t.text()) {
      case "(", "[", "{" -> brackets.push(t.text());
      case ")", "]", "}" -> {
        if (!brackets.isEmpty()) {
          brackets.pop();
        }
      }
      default -> {}
    }
  }

  /** Whether the name at {@code i} calls a function (not a keyword, definition or object key). */
  private boolean isCall(int i, Deque<String> brackets) {
    Token t = tokens.get(i);
    if (JqLexer.KEYWORDS.contains(t.text()) || bindingPositions.contains(i)) {
      return false;
    }
    if ("{".equals(brackets.peek()) && i > 0) {
      Token prev = tokens.get(i - 1);
      if (prev.is("{") || prev.is(",")) {
        return false; // {name: ...} or the shorthand {name}
      }
    }
    return true;
  }

  private int arityAt(int i) {
    if (i + 1 >= tokens.size() || !tokens.get(i + 1).is("(")) {
      return 0;
    }
    int depth = 0;
    int arity = 1;
    for (int j = i + 1; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      if (t.is("(") || t.is("[") || t.is("{")) {
        depth++;
      } else if (t.is(")") || t.is("]") || t.is("}")) {
        if (--depth == 0) {
          return arity;
        }
      } else if (t.is(";") && depth == 1) {
        arity++;
      }
    }
    return arity;
  }
}
