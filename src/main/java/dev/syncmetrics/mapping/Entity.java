package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One catalog entity produced by a mapping: what the catalog upserts (or deletes) by {@code
 * (blueprint, identifier)}.
 *
 * <p>{@code properties} and {@code relations} are JSON objects as the mapping produced them; a
 * relation value is the identifier of the related entity (or an array of them).
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
}
