package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A compiled jq expression of a mapping file and the JSON path of its field there, such as {@code
 * [0].entity.properties.duration}, for messages.
 *
 * <pre>{@code
 * JsonNode v = JqField.value(field, input);   // null (JSON) when it yields nothing
 * }</pre>
 */
record JqField(String path, JqProgram program) {
  /** The field's value on {@code input}: null (JSON) when the expression yields nothing. */
  static JsonNode value(JqField field, JsonNode input) throws Failure {
    try {
      JsonNode v = field.program().single(input);
      return v == null ? NullNode.getInstance() : v;
    } catch (Exception | StackOverflowError e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new Failure(message);
    }
  }

  /** An expression that failed on an input; the message is jq's. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
