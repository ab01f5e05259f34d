package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Output;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * One compiled jq expression. Immutable and safe to run on many threads at once. Outputs come out
 * {@linkplain JqValues#normalize normalized} to jq 1.6's numbers.
 */
final class JqProgram {
  private final String source;
  private final JsonQuery query;
  private final Scope root;
  private final JqFastNodes.Node fast;

  /**
   * @param root the scope the program runs in (never written to: each run gets a child scope)
   * @param fast the direct evaluator of the expression, or null
   */
  JqProgram(String source, JsonQuery query, Scope root, JqFastNodes.Node fast) {
    this.source = source;
    this.query = query;
    this.root = root;
    this.fast = fast;
  }

  /** The same program without its fast path: for tests that compare the two. */
  JqProgram withoutFastPath() {
    return new JqProgram(source, query, root, null);
  }

  boolean hasFastPath() {
    return fast != null;
  }

  String source() {
    return source;
  }

  /** Every output of the program on {@code input}, in order. */
  List<JsonNode> all(JsonNode input) throws JsonQueryException {
    List<JsonNode> outputs = new ArrayList<>(2);
    if (fast != null) {
      try {
        outputs.add(JqValues.normalize(fast.eval(input)));
        return outputs;
      } catch (JqFastNodes.Fallback e) {
        // run the jq program, which gives jq's answer or jq's error
      }
    }
    run(input, v -> outputs.add(JqValues.normalize(v)));
    return outputs;
  }

  /**
   * The program's value on {@code input}: its only output, null (Java) when it yields nothing.
   *
   * @throws MultipleValuesException when it yields more than one value
   */
  JsonNode single(JsonNode input) throws JsonQueryException {
    if (fast != null) {
      try {
        return JqValues.normalize(fast.eval(input));
      } catch (JqFastNodes.Fallback e) {
        // run the jq program, which gives jq's answer or jq's error
      }
    }
    Single single = new Single();
    run(input, single);
    if (single.count > 1) {
      throw new MultipleValuesException(single.count);
    }
    return single.value == null ? null : JqValues.normalize(single.value);
  }

  /**
   * Runs the jackson-jq program. Recursion without end ({@code def f: f; f}, or {@code repeat}
   * taken too far) exhausts the thread's stack; that is the expression's error, not the caller's.
   */
  private void run(JsonNode input, Output output) throws JsonQueryException {
    try {
      query.apply(root, input, output);
    } catch (StackOverflowError e) {
      throw new JsonQueryException("the expression recursed too deeply (out of stack)");
    }
  }

  private static final class Single implements Output {
    JsonNode value;
    int count;

    @Override
    public void emit(JsonNode out) {
      if (count++ == 0) {
        value = out;
      }
    }
  }

  /** An expression meant to give one value gave several. */
  static final class MultipleValuesException extends JsonQueryException {
    private static final long serialVersionUID = 1L;

    MultipleValuesException(int count) {
      super(
          "yields "
              + count
              + " values where one is expected; wrap it in [ ] to collect them"
              + " into an array, or use first(...)");
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
