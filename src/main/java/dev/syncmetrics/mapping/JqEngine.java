package dev.syncmetrics.mapping;

import java.util.HashSet;
import java.util.Set;
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
 * JqFunctions}, single-quoted strings rewritten by {@link JqLexer}, jq's grammar and compile-time
 * errors ({@link JqParser}, {@link JqNameCheck}), and what jackson-jq does otherwise than jq
 * rewritten ({@link JqRewriter}).
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
   * Compiles {@code source}: lexes it ({@link JqLexer}), parses it with jq's grammar ({@link
   * JqParser}), resolves its names ({@link JqNameCheck}), and has jackson-jq compile it as {@link
   * JqRewriter} prints it back.
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
    JqTree tree;
    try {
      tree = JqParser.parse(lexed.tokens());
    } catch (JqCompileException e) {
      // when jackson-jq rejects the program too, its message names the token it stopped at
      jacksonJq(lexed.program(), lexed);
      throw e;
    }
    Set<String> taken = new HashSet<>();
    for (JqLexer.Token t : lexed.tokens()) {
      taken.add(t.text());
    }
    JqNameCheck.Names names =
        JqNameCheck.check(tree, (name, arity) -> ROOT.getFunction(name, arity) != null, taken);
    String program = JqRewriter.rewrite(tree, lexed, source, names);
    JsonQuery query;
    if (program.equals(lexed.program())) {
      query = jacksonJq(program, lexed);
    } else {
      try {
        query = JsonQuery.compile(program, VERSION);
      } catch (JsonQueryException | TokenMgrError e) {
        jacksonJq(lexed.program(), lexed); // the error as the user wrote it, if it is there
        throw new JqCompileException("does not compile: " + firstLine(e.getMessage()));
      }
    }
    return new JqProgram(source, query, ROOT, FAST_PATH ? JqFastPath.of(lexed.tokens()) : null);
  }

  /** jackson-jq's compilation of {@code program}, or its error with the user's columns. */
  private static JsonQuery jacksonJq(String program, JqLexer.Result lexed) {
    try {
      return JsonQuery.compile(program, VERSION);
    } catch (JsonQueryException e) {
      throw new JqCompileException(syntaxMessage(e, lexed));
    } catch (TokenMgrError e) {
      throw new JqCompileException("syntax error: " + e.getMessage());
    }
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
