package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.internal.misc.JsonNodeUtils;
import net.thisptr.jackson.jq.path.Path;
import net.thisptr.jackson.jq.path.RootPath;

/**
 * {@code paths |= update} as jq 1.6 defines it ({@code _modify}): for each path, the update's first
 * value replaces the value there, and an update that gives no value deletes the path ({@code [1,2]
 * | .[] |= empty} is {@code [2]}), where jackson-jq's {@code |=} fails. {@link JqRewriter} writes
 * {@code a |= b} as {@code _sm_modify(a; b)}; {@code map_values} uses it too. Paths are read from
 * the input as it was, and each update applies to the result so far, as in jq.
 */
final class JqUpdate {
  private JqUpdate() {}

  /** Stops an update after its first value; not a jq error, so no {@code try} catches it. */
  private static final class First extends RuntimeException {
    private static final long serialVersionUID = 1L;

    First() {
      super(null, null, false, false);
    }
  }

  static void register(Scope scope) {
    Function delpaths = scope.getFunction("delpaths", 1);
    scope.addFunction(
        "_sm_modify",
        2,
        (sc, args, in, path, out, v) -> {
          JsonNode[] result = {in};
          args.get(0)
              .apply(
                  sc,
                  in,
                  RootPath.getInstance(),
                  (value, at) -> {
                    Path p = at;
                    if (p == null && in.isValueNode() && JqOrder.compare(in, value) == 0) {
                      p = RootPath.getInstance(); // VALUE | path(VALUE) is []
                    }
                    if (p == null) {
                      throw new JsonQueryException(
                          "Invalid path expression with result " + JsonNodeUtils.toString(value));
                    }
                    boolean[] empty = {false};
                    JsonNode updated =
                        p.mutate(
                            result[0],
                            old -> {
                              JsonNode first = first(sc, args.get(1), old);
                              empty[0] = first == null;
                              return empty[0] ? old : first;
                            });
                    if (empty[0]) {
                      ArrayNode paths = JsonNodeFactory.instance.arrayNode();
                      p.toJsonNode(paths.addArray());
                      JsonNode[] deleted = {result[0]};
                      delpaths.apply(
                          sc,
                          List.of(constant(paths)),
                          result[0],
                          null,
                          (d, dp) -> deleted[0] = d,
                          v);
                      updated = deleted[0];
                    }
                    result[0] = updated;
                  },
                  true);
          out.emit(result[0], null);
        });
  }

  private static JsonNode first(Scope scope, Expression update, JsonNode old)
      throws JsonQueryException {
    JsonNode[] first = {null};
    try {
      update.apply(
          scope,
          old == null ? NullNode.getInstance() : old,
          value -> {
            first[0] = value;
            throw new First();
          });
    } catch (First stop) {
      // the first value is the one
    }
    return first[0];
  }

  private static Expression constant(JsonNode value) {
    return (scope, in, path, output, requirePath) -> output.emit(value, null);
  }
}
