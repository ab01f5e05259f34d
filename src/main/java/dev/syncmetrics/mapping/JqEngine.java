package dev.syncmetrics.mapping;

import java.util.Optional;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.internal.javacc.ParseException;
import net.thisptr.jackson.jq.internal.javacc.TokenMgrError;

/**
 * Compiles jq programs with jq 1.6 semantics: jackson-jq's builtins for jq 1.6 plus {@link
 * JqFunctions}, single-quoted strings rewritten by {@link JqLexer}, undefined names reported by
 * {@link JqNameCheck}.
 *
 * <p>The root scope is built once and never written after, so compiled programs can run on any
 * number of threads at once (jackson-jq gives every run its own child scope).
 */
final class JqEngine {
  static final Version VERSION = Versions.JQ_1_6;

  /**
   * {@code -Dsyncmetrics.jq.fastPath=false} runs every expression on jackson-jq alone: to compare
   * speed, or to rule the direct evaluator out when a result looks wrong.
   */
  static final boolean FAST_PATH =
      !"false".equalsIgnoreCase(System.getProperty("syncmetrics.jq.fastPath"));

  private static final Scope ROOT = rootScope();

  private JqEngine() {}

  private static Scope rootScope() {
    Scope builtins = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(VERSION, builtins);
    Scope root = Scope.newChildScope(builtins);
    try {
      JqFunctions.register(root, VERSION);
    } catch (JsonQueryException e) {
      throw new IllegalStateException("built-in jq definitions do not compile", e);
    }
    return root;
  }

  static Scope root() {
    return ROOT;
  }

  /**
   * Compiles {@code source}.
   *
   * @throws JqCompileException with jq-style words: a syntax error and its column, or {@code
   *     roundd/0 is not defined}
   */
  static JqProgram compile(String source) {
    JqLexer.Result lexed;
    try {
      lexed = JqLexer.lex(source);
    } catch (IllegalArgumentException e) {
      throw new JqCompileException(e.getMessage());
    }
    if (lexed.tokens().isEmpty()) {
      throw new JqCompileException("empty expression");
    }
    JsonQuery query;
    try {
      query = JsonQuery.compile(lexed.program(), VERSION);
    } catch (JsonQueryException e) {
      throw new JqCompileException(syntaxMessage(e, lexed));
    } catch (TokenMgrError e) {
      throw new JqCompileException("syntax error: " + e.getMessage());
    }
    Optional<String> undefined =
        JqNameCheck.check(lexed.tokens(), (name, arity) -> ROOT.getFunction(name, arity) != null);
    if (undefined.isPresent()) {
      throw new JqCompileException(undefined.get());
    }
    return new JqProgram(source, query, ROOT, FAST_PATH ? JqFastPath.of(lexed.tokens()) : null);
  }

  private static String syntaxMessage(JsonQueryException e, JqLexer.Result lexed) {
    Throwable cause = e.getCause();
    if (cause instanceof ParseException p && p.currentToken != null) {
      var next = p.currentToken.next == null ? p.currentToken : p.currentToken.next;
      int column = lexed.originalColumn(next.beginColumn);
      if (next.kind == 0) {
        return "syntax error: unexpected end of expression";
      }
      return "syntax error: unexpected \"" + next.image + "\" at column " + column;
    }
    if (cause instanceof TokenMgrError t) {
      return "syntax error: " + firstLine(t.getMessage());
    }
    return firstLine(cause == null ? e.getMessage() : cause.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "does not compile";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
