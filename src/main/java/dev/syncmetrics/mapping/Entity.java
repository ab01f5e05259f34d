package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One catalog entity produced by a mapping: what the catalog upserts (or deletes) by {@code
 * (blueprint, identifier)}.
 *
 * <p>{@code properties} and {@code relations} are JSON objects as the mapping produced them; a
 * relation value is the identifier of the related entity (or an array of them).
 *
 * <pre>{@code
 * ObjectNode json = entity.toJson();   // {"blueprint":..,"identifier":..,"title":..,...}
 * }</pre>
 */
public record Entity(
    String blueprint,
    String identifier,
    String title,
    String icon,
    String team,
    ObjectNode properties,
    ObjectNode relations) {

  public Entity {
    Objects.requireNonNull(blueprint, "blueprint must not be null");
    Objects.requireNonNull(identifier, "identifier must not be null");
    Objects.requireNonNull(properties, "properties must not be null");
    Objects.requireNonNull(relations, "relations must not be null");
  }

  /**
   * This entity as JSON, the one shape the catalog's API and the {@code map} command show: {@code
   * {"blueprint", "identifier", "title", "icon", "team", "properties", "relations"}} in that order,
   * absent values as {@code null}.
   */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("blueprint", blueprint);
    node.put("identifier", identifier);
    node.put("title", title);
    node.put("icon", icon);
    node.put("team", team);
    node.set("properties", properties);
    node.set("relations", relations);
    return node;
  }
}
