package dev.syncmetrics.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a jq program into tokens and rewrites single-quoted string literals into JSON strings.
 *
 * <p>Catalog vendors accept {@code .a == 'x'} although jq has no single-quoted strings. This lexer
 * walks the program the way jq does: inside a double-quoted string nothing is rewritten (a {@code
 * '} there is a plain character, and {@code \"} does not end the string), while the code of a
 * string interpolation {@code \(...)} is lexed as code again. Outside double-quoted strings, {@code
 * 'text'} becomes {@code "text"} with any {@code "} and {@code \} in it escaped: a single-quoted
 * literal has no escapes of its own and ends at the next {@code '}. Comments ({@code #} to the end
 * of the line) are kept as they are.
 *
 * <p>The tokens feed {@link JqNameCheck}, which reports undefined functions and variables at load.
 */
final class JqLexer {
  enum Kind {
    STRING, // a string literal; text is its JSON form (single-quoted ones rewritten)
    TEMPLATE, // a string with interpolations; text is its source, its code follows as tokens
    FIELD, // .name
    VARIABLE, // $name (text without the $)
    FORMAT, // @name
    IDENT, // a name: function, keyword or object key
    NUMBER,
    PUNCT // one of ( ) [ ] { } | , ; : and the operators, or INTERPOLATION
  }

  /** The text of the PUNCT token that opens an interpolation {@code \(}; a ")" closes it. */
  static final String INTERPOLATION = "\\(";

  /**
   * A token: its kind, its text (see {@link Kind}), its 1-based column in the original program, and
   * where it stands in the rewritten program ({@code start} inclusive, {@code end} exclusive).
   */
  record Token(Kind kind, String text, int column, int start, int end) {
    boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }

    boolean isKeyword(String word) {
      return kind == Kind.IDENT && text.equals(word);
    }
  }

  /**
   * The rewritten program, its tokens, and for each character of the rewritten program the 1-based
   * column it came from in the original (so errors point at what the user wrote).
   */
  record Result(String program, List<Token> tokens, int[] origin) {
    /** The original column of 1-based column {@code column} of the rewritten program. */
    int originalColumn(int column) {
      if (origin.length == 0) {
        return column;
      }
      return origin[Math.max(0, Math.min(column - 1, origin.length - 1))];
    }
  }

  static final Set<String> KEYWORDS =
      Set.of(
          "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch",
          "label", "import", "include", "and", "or", "true", "false", "null", "__loc__", "break");

  private static final List<String> OPERATORS =
      List.of(
          "?//=", "?//", "//=", "|=", "+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=", "//",
          "..");

  private final String src;
  private final Out out;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  /** The rewritten program, remembering where each character came from. */
  private final class Out {
    private final StringBuilder text;
    private int[] origin;

    Out(int capacity) {
      text = new StringBuilder(capacity);
      origin = new int[capacity];
    }

    Out append(char c) {
      if (text.length() == origin.length) {
        origin = java.util.Arrays.copyOf(origin, origin.length * 2 + 8);
      }
      origin[text.length()] = Math.min(pos, src.length() - 1) + 1;
      text.append(c);
      return this;
    }

    Out append(String s) {
      for (int i = 0; i < s.length(); i++) {
        append(s.charAt(i));
      }
      return this;
    }

    Out append(CharSequence s, int start, int end) {
      return append(s.subSequence(start, end).toString());
    }

    /** Appends {@code s}, which starts at index {@code from} of the original program. */
    void appendFrom(String s, int from) {
      int saved = pos;
      for (int i = 0; i < s.length(); i++) {
        pos = from + i;
        append(s.charAt(i));
      }
      pos = saved;
    }
  }

  private JqLexer(String src) {
    this.src = src;
    this.out = new Out(src.length() + 8);
  }

  /**
   * Lexes {@code program}.
   *
   * @throws IllegalArgumentException with a message naming the column of an unterminated string
   */
  static Result lex(String program) {
    JqLexer lexer = new JqLexer(program);
    lexer.code(false);
    return new Result(
        lexer.out.text.toString(),
        List.copyOf(lexer.tokens),
        java.util.Arrays.copyOf(lexer.out.origin, lexer.out.text.length()));
  }

  /** Lexes code up to the end, or up to the {@code )} closing an interpolation. */
  private void code(boolean interpolation) {
    int depth = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c)) {
        out.append(c);
        pos++;
      } else if (c == '#') {
        int end = src.indexOf('\n', pos);
        end = end < 0 ? src.length() : end;
        out.append(src, pos, end);
        pos = end;
      } else if (c == '"') {
        doubleQuoted();
      } else if (c == '\'') {
        singleQuoted();
      } else if (c == '.' && pos + 1 < src.length() && isNameStart(src.charAt(pos + 1))) {
        int start = pos++;
        String name = name();
        add(Kind.FIELD, name, start, src.substring(start, pos));
      } else if ((c == '$' || c == '@') && pos + 1 < src.length()) {
        int start = pos++;
        while (pos < src.length() && c == '$' && Character.isWhitespace(src.charAt(pos))) {
          pos++;
        }
        if (pos < src.length() && isNameStart(src.charAt(pos))) {
          String name = name();
          add(c == '$' ? Kind.VARIABLE : Kind.FORMAT, name, start, src.substring(start, pos));
        } else {
          add(Kind.PUNCT, String.valueOf(c), start, String.valueOf(c));
        }
      } else if (isNameStart(c)) {
        int start = pos;
        String name = name();
        add(Kind.IDENT, name, start, name);
      } else if (Character.isDigit(c)
          || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        number();
      } else {
        if (interpolation && c == ')' && depth == 0) {
          return;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
        punct();
      }
    }
    if (interpolation) {
      throw new IllegalArgumentException("unterminated string interpolation \\(");
    }
  }

  private void doubleQuoted() {
    int start = pos;
    int outStart = out.text.length();
    int tokenIndex = tokens.size();
    tokens.add(null); // replaced below, once we know whether the string has interpolations
    boolean interpolated = false;
    out.append('"');
    pos++;
    while (true) {
      if (pos >= src.length()) {
        throw new IllegalArgumentException("unterminated string starting at column " + (start + 1));
      }
      char c = src.charAt(pos);
      if (c == '"') {
        out.append('"');
        pos++;
        Kind kind = interpolated ? Kind.TEMPLATE : Kind.STRING;
        tokens.set(
            tokenIndex,
            new Token(kind, src.substring(start, pos), start + 1, outStart, out.text.length()));
        return;
      }
      if (c == '\\' && pos + 1 < src.length()) {
        char next = src.charAt(pos + 1);
        checkEscape(next);
        out.append(c).append(next);
        pos += 2;
        if (next == '(') {
          // string interpolation: code again, up to the matching ')'
          interpolated = true;
          int open = out.text.length() - 1;
          tokens.add(new Token(Kind.PUNCT, INTERPOLATION, pos, open, open + 1));
          code(true);
          int close = out.text.length();
          tokens.add(new Token(Kind.PUNCT, ")", pos + 1, close, close + 1));
          out.append(')');
          pos++;
        }
      } else {
        out.append(c);
        pos++;
      }
    }
  }

  /**
   * jq reads a string as JSON: a backslash comes before one of {@code " \ / b f n r t}, before
   * {@code u} and four hex digits, or before the {@code (} of an interpolation.
   */
  private void checkEscape(char next) {
    boolean ok = "\"\\/bfnrt(".indexOf(next) >= 0;
    if (next == 'u') {
      ok = pos + 6 <= src.length();
      for (int i = pos + 2; ok && i < pos + 6; i++) {
        ok = Character.digit(src.charAt(i), 16) >= 0;
      }
    }
    if (!ok) {
      String escape = src.substring(pos, Math.min(src.length(), pos + (next == 'u' ? 6 : 2)));
      throw new IllegalArgumentException(
          "invalid escape " + escape + " in a string at column " + (pos + 1));
    }
  }

  private void singleQuoted() {
    int start = pos;
    int end = src.indexOf('\'', pos + 1);
    if (end < 0) {
      throw new IllegalArgumentException(
          "unterminated single-quoted string starting at column " + (start + 1));
    }
    String text = src.substring(pos + 1, end);
    StringBuilder json = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> json.append(c);
      }
    }
    json.append('"');
    int outStart = out.text.length();
    out.append(json.toString());
    pos = end + 1;
    tokens.add(new Token(Kind.STRING, json.toString(), start + 1, outStart, out.text.length()));
  }

  private void number() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      boolean exponentSign =
          (c == '+' || c == '-') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E');
      if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || exponentSign) {
        pos++;
      } else {
        break;
      }
    }
    String text = src.substring(start, pos);
    add(Kind.NUMBER, text, start, text);
  }

  private void punct() {
    for (String op : OPERATORS) {
      if (src.startsWith(op, pos)) {
        add(Kind.PUNCT, op, pos, op);
        pos += op.length();
        return;
      }
    }
    String text = String.valueOf(src.charAt(pos));
    add(Kind.PUNCT, text, pos, text);
    pos++;
  }

  private String name() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (isNamePart(c)) {
        pos++;
      } else if (c == ':'
          && pos + 2 < src.length()
          && src.charAt(pos + 1) == ':'
          && isNameStart(src.charAt(pos + 2))) {
        pos += 2; // module::name
      } else {
        break;
      }
    }
    return src.substring(start, pos);
  }

  private void add(Kind kind, String text, int start, String source) {
    int outStart = out.text.length();
    out.appendFrom(source, start);
    tokens.add(new Token(kind, text, start + 1, outStart, out.text.length()));
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
