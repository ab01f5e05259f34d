package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a mapping whose identifier is a search query produced: the values to merge into every
 * existing entity of {@code blueprint} that {@code identifier} matches when the catalog writes. No
 * entity is created when none matches (as at the catalog vendor).
 *
 * <pre>{@code
 * EntityUpdate u = result.updates().get(0);
 * u.identifier();   // {"combinator":"and","rules":[{"property":"pagerduty_id","operator":"=",...}]}
 * u.properties();   // {"oncall":"ada@example.com"}
 * }</pre>
 *
 * @param title the new title, or null to keep each entity's own (likewise icon and team)
 * @param properties the properties to set; others keep their stored values
 * @param relations the relations to set; others keep their stored values
 */
public record EntityUpdate(
    String blueprint,
    SearchQuery identifier,
    String title,
    String icon,
    String team,
    ObjectNode properties,
    ObjectNode relations) {
  public EntityUpdate {
    Objects.requireNonNull(blueprint, "blueprint must not be null");
    Objects.requireNonNull(identifier, "identifier must not be null");
    Objects.requireNonNull(properties, "properties must not be null");
    Objects.requireNonNull(relations, "relations must not be null");
  }

  /** As {@link Entity#toJson()}, with the query as {@code identifier}. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("blueprint", blueprint);
    node.set("identifier", identifier.toJson());
    node.put("title", title);
    node.put("icon", icon);
    node.put("team", team);
    node.set("properties", properties);
    node.set("relations", relations);
    return node;
  }
}
