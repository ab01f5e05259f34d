package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.syncmetrics.mapping.JqFastNodes.Node;
import dev.syncmetrics.mapping.JqLexer.Kind;
import dev.syncmetrics.mapping.JqLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A direct evaluator for the expressions mappings are mostly made of: paths ({@code .body.kind}),
 * literals, {@code == != < <= > >=}, {@code + - * /}, {@code and or //}, {@code
 * if-then-elif-else-end}, pipes into {@code round floor ceil tostring todateiso8601 todate not},
 * and {@code now}.
 *
 * <p>It never decides anything jq would decide differently: on any value it does not handle plainly
 * (an error, an array to add, a string to compare) it gives up with {@link JqFastNodes#FALLBACK}
 * and the caller runs the jackson-jq program instead, which then produces jq's result or jq's error
 * message. Expressions outside this grammar get no fast path at all.
 */
final class JqFastPath {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Token> tokens;
  private int pos;

  private JqFastPath(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The fast evaluator for {@code tokens}, or null when the expression is outside its grammar. */
  static Node of(List<Token> tokens) {
    JqFastPath parser = new JqFastPath(tokens);
    try {
      Node node = parser.pipe();
      return parser.pos == tokens.size() ? node : null;
    } catch (Unsupported e) {
      return null;
    }
  }

  private static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private boolean accept(String punctOrKeyword) {
    Token t = peek();
    if (t != null && (t.is(punctOrKeyword) || t.isKeyword(punctOrKeyword))) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String punctOrKeyword) throws Unsupported {
    if (!accept(punctOrKeyword)) {
      throw new Unsupported();
    }
  }

  private Node pipe() throws Unsupported {
    Node left = alternative();
    while (accept("|")) {
      left = JqFastNodes.pipe(left, alternative());
    }
    return left;
  }

  private Node alternative() throws Unsupported {
    Node left = or();
    return accept("//") ? JqFastNodes.alternative(left, alternative()) : left;
  }

  private Node or() throws Unsupported {
    Node left = and();
    while (accept("or")) {
      left = JqFastNodes.or(left, and());
    }
    return left;
  }

  private Node and() throws Unsupported {
    Node left = comparison();
    while (accept("and")) {
      left = JqFastNodes.and(left, comparison());
    }
    return left;
  }

  private Node comparison() throws Unsupported {
    Node left = additive();
    Token t = peek();
    if (t != null
        && t.kind() == Kind.PUNCT
        && List.of("==", "!=", "<", "<=", ">", ">=").contains(t.text())) {
      pos++;
      return JqFastNodes.compare(t.text(), left, additive());
    }
    return left;
  }

  private Node additive() throws Unsupported {
    Node left = multiplicative();
    while (true) {
      if (accept("+")) {
        left = JqFastNodes.plus(left, multiplicative());
      } else if (accept("-")) {
        left = JqFastNodes.arithmetic('-', left, multiplicative());
      } else {
        return left;
      }
    }
  }

  private Node multiplicative() throws Unsupported {
    Node left = primary();
    while (true) {
      if (accept("*")) {
        left = JqFastNodes.arithmetic('*', left, primary());
      } else if (accept("/")) {
        left = JqFastNodes.arithmetic('/', left, primary());
      } else {
        return left;
      }
    }
  }

  private Node primary() throws Unsupported {
    Token t = peek();
    if (t == null) {
      throw new Unsupported();
    }
    pos++;
    switch (t.kind()) {
      case FIELD -> {
        List<String> fields = new ArrayList<>();
        fields.add(t.text());
        while (peek() != null && peek().kind() == Kind.FIELD) {
          fields.add(tokens.get(pos++).text());
        }
        return JqFastNodes.path(fields.toArray(new String[0]));
      }
      case STRING, NUMBER -> {
        return JqFastNodes.constant(literal(t.text()));
      }
      case IDENT -> {
        return identifier(t);
      }
      case PUNCT -> {
        if (t.is(".")) {
          return JqFastNodes.identity();
        }
        if (t.is("(")) {
          Node inner = pipe();
          expect(")");
          return inner;
        }
        throw new Unsupported();
      }
      default -> throw new Unsupported();
    }
  }

  private Node identifier(Token t) throws Unsupported {
    switch (t.text()) {
      case "true" -> {
        return JqFastNodes.constant(BooleanNode.TRUE);
      }
      case "false" -> {
        return JqFastNodes.constant(BooleanNode.FALSE);
      }
      case "null" -> {
        return JqFastNodes.constant(NullNode.getInstance());
      }
      case "if" -> {
        return conditional();
      }
      default -> {
        if (peek() != null && peek().is("(")) {
          throw new Unsupported(); // a call with arguments
        }
        Node function = JqFastNodes.function(t.text());
        if (function == null) {
          throw new Unsupported();
        }
        return function;
      }
    }
  }

  private Node conditional() throws Unsupported {
    Node condition = pipe();
    expect("then");
    Node then = pipe();
    if (accept("elif")) {
      return JqFastNodes.conditional(condition, then, conditional());
    }
    expect("else");
    Node otherwise = pipe();
    expect("end");
    return JqFastNodes.conditional(condition, then, otherwise);
  }

  private static JsonNode literal(String json) throws Unsupported {
    try {
      JsonNode value = JSON.readTree(json);
      if (value == null || !(value.isTextual() || value.isNumber())) {
        throw new Unsupported();
      }
      return value.isNumber() ? JqValues.normalize(DoubleNode.valueOf(value.asDouble())) : value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Unsupported();
    }
  }
}
