package dev.syncmetrics.catalog.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * An entity as the catalog holds it: what was last upserted for {@code (blueprint, identifier)},
 * with the time it was first created and last updated.
 *
 * @param title display title, or null
 * @param icon icon name, or null
 * @param team owning team, or null
 */
public record StoredEntity(
    String blueprint,
    String identifier,
    String title,
    String icon,
    String team,
    ObjectNode properties,
    ObjectNode relations,
    Instant createdAt,
    Instant updatedAt) {

  public StoredEntity {
    Objects.requireNonNull(blueprint, "blueprint must not be null");
    Objects.requireNonNull(identifier, "identifier must not be null");
    Objects.requireNonNull(properties, "properties must not be null");
    Objects.requireNonNull(relations, "relations must not be null");
    Objects.requireNonNull(createdAt, "createdAt must not be null");
    Objects.requireNonNull(updatedAt, "updatedAt must not be null");
  }
}
