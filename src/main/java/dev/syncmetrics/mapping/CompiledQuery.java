package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A search query of a mapping file, as the catalog vendor writes one: every field a jq expression
 * ({@code "combinator": "'and'"}, {@code "property": "'appVersion'"}, {@code "operator": "'='"},
 * {@code "value": ".body.version | tostring"}). The combinator, properties and operators must be
 * constants, checked at load; the values are worked out per request into a {@link SearchQuery}.
 */
final class CompiledQuery {
  private static final Set<String> GROUP_FIELDS = Set.of("combinator", "rules");
  private static final Set<String> RULE_FIELDS = Set.of("property", "operator", "value");

  private sealed interface Rule permits Condition, Group {}

  private record Condition(String property, String operator, JqField value) implements Rule {}

  private record Group(boolean any, List<Rule> rules) implements Rule {}

  private final Group root;

  private CompiledQuery(Group root) {
    this.root = root;
  }

  /** True when {@code node} is written as a search query (an object) instead of a jq string. */
  static boolean isQuery(JsonNode node) {
    return node != null && node.isObject();
  }

  /**
   * Compiles the query at {@code path}; null, with problems reported as (path, message), when it
   * does not compile.
   *
   * @param blueprint the blueprint searched, for messages
   * @param properties the searchable property names of that blueprint
   * @param compile compiles one jq expression at a path (reporting its own problems), or null
   */
  static CompiledQuery compile(
      String path,
      JsonNode node,
      String blueprint,
      Set<String> properties,
      BiConsumer<String, String> problems,
      Function<PathAndNode, JqField> compile) {
    int[] count = {0};
    BiConsumer<String, String> counting =
        (p, m) -> {
          count[0]++;
          problems.accept(p, m);
        };
    Group root = group(path, node, blueprint, properties, counting, compile);
    return root == null || count[0] > 0 ? null : new CompiledQuery(root);
  }

  /** A jq expression to compile and where it is. */
  record PathAndNode(String path, JsonNode node) {}

  private static Group group(
      String path,
      JsonNode node,
      String blueprint,
      Set<String> properties,
      BiConsumer<String, String> problems,
      Function<PathAndNode, JqField> compile) {
    unknown(path, node, GROUP_FIELDS, problems);
    String combinator = constant(path + ".combinator", node.get("combinator"), problems, compile);
    Boolean any = null;
    if (combinator != null) {
      if (combinator.equals("and") || combinator.equals("or")) {
        any = combinator.equals("or");
      } else {
        problems.accept(
            path + ".combinator",
            "combinator " + combinator + " is not supported (supported: and, or)");
      }
    }
    JsonNode rules = node.get("rules");
    if (rules == null || !rules.isArray() || rules.isEmpty()) {
      problems.accept(path + ".rules", "a search query needs a non-empty array of rules");
      return null;
    }
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String at = path + ".rules[" + i + "]";
      JsonNode rule = rules.get(i);
      if (!rule.isObject()) {
        problems.accept(at, "a rule must be an object");
      } else if (rule.has("combinator") || rule.has("rules")) {
        Group nested = group(at, rule, blueprint, properties, problems, compile);
        if (nested != null) {
          out.add(nested);
        }
      } else {
        Condition c = condition(at, rule, blueprint, properties, problems, compile);
        if (c != null) {
          out.add(c);
        }
      }
    }
    return any == null ? null : new Group(any, out);
  }

  private static Condition condition(
      String path,
      JsonNode rule,
      String blueprint,
      Set<String> properties,
      BiConsumer<String, String> problems,
      Function<PathAndNode, JqField> compile) {
    if (rule.has("relation")) {
      problems.accept(
          path + ".relation",
          "rules on relations are not supported; search by $identifier, $title or a property");
      return null;
    }
    unknown(path, rule, RULE_FIELDS, problems);
    String property = constant(path + ".property", rule.get("property"), problems, compile);
    String operator = constant(path + ".operator", rule.get("operator"), problems, compile);
    if (property != null
        && !SearchQuery.META_PROPERTIES.contains(property)
        && !properties.contains(property)) {
      problems.accept(
          path + ".property",
          property.startsWith("$")
              ? "property "
                  + property
                  + " is not supported in search queries (supported: "
                  + String.join(", ", SearchQuery.META_PROPERTIES)
                  + " and the blueprint's properties)"
              : "property " + property + " is not defined in blueprint " + blueprint);
    }
    if (operator != null && !SearchQuery.OPERATORS.contains(operator)) {
      problems.accept(
          path + ".operator",
          "operator "
              + operator
              + " is not supported in search queries (supported: "
              + String.join(", ", SearchQuery.OPERATORS)
              + ")");
      operator = null;
    }
    if (rule.get("value") == null) {
      problems.accept(path + ".value", "a jq expression is required here");
      return null;
    }
    JqField value = compile.apply(new PathAndNode(path + ".value", rule.get("value")));
    return property == null || operator == null || value == null
        ? null
        : new Condition(property, operator, value);
  }

  /** The string a constant jq expression gives (such as {@code "'='"}), or null with a problem. */
  private static String constant(
      String path,
      JsonNode node,
      BiConsumer<String, String> problems,
      Function<PathAndNode, JqField> compile) {
    if (node == null || node.isNull()) {
      problems.accept(path, "a jq expression is required here");
      return null;
    }
    if (node.isTextual() && bare(node.asText())) {
      problems.accept(
          path,
          "write the constant as a jq string: \"'"
              + node.asText().trim()
              + "'\" (every field of a search query is a jq expression)");
      return null;
    }
    JqField field = compile.apply(new PathAndNode(path, node));
    if (field == null) {
      return null;
    }
    JsonNode value;
    try {
      value = field.program().single(NullNode.getInstance());
    } catch (Exception e) {
      value = null;
    }
    if (value == null || !value.isTextual()) {
      problems.accept(
          path,
          "must be a constant jq string such as \"'='\" (it may not depend on the request), not "
              + node);
      return null;
    }
    return value.textValue();
  }

  /** Words users write without jq quotes: {@code and}, {@code =}, {@code $identifier}. */
  private static boolean bare(String text) {
    String t = text.trim();
    return t.equals("and")
        || t.equals("or")
        || t.equals("=")
        || t.equals("in")
        || t.equals("!=")
        || (t.startsWith("$") && t.length() > 1 && t.chars().skip(1).allMatch(Character::isLetter));
  }

  private static void unknown(
      String path, JsonNode node, Set<String> allowed, BiConsumer<String, String> problems) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        problems.accept(
            path + JsonPaths.key(name),
            "unknown field "
                + name
                + " (expected one of "
                + allowed.stream().sorted().toList()
                + ")");
      }
    }
  }

  /** The query with its values worked out on {@code input}. */
  SearchQuery evaluate(JsonNode input) throws JqField.Failure {
    return evaluate(root, input);
  }

  private static SearchQuery evaluate(Group group, JsonNode input) throws JqField.Failure {
    List<SearchRule> rules = new ArrayList<>();
    for (Rule rule : group.rules()) {
      if (rule instanceof Group nested) {
        rules.add(evaluate(nested, input));
      } else {
        Condition c = (Condition) rule;
        JsonNode value = JqField.value(c.value(), input);
        try {
          rules.add(new SearchQuery.Condition(c.property(), c.operator(), value));
        } catch (IllegalArgumentException e) {
          throw new JqField.Failure(c.value().path() + ": " + e.getMessage());
        }
      }
    }
    return new SearchQuery(group.any(), rules);
  }
}
