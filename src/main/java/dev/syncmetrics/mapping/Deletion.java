package dev.syncmetrics.mapping;

import java.util.Objects;

/**
 * An entity a {@code delete} mapping removes, and whether the entities whose relations point at it
 * go too (the catalog vendor's {@code deleteDependents}, true unless the mapping says {@code
 * {"type": "delete", "deleteDependents": false}}).
 *
 * <pre>{@code
 * Deletion d = result.deletes().get(0);
 * d.entity();            // EntityRef[blueprint=deployment, identifier=web-1.2]
 * d.deleteDependents();  // true
 * }</pre>
 */
public record Deletion(EntityRef entity, boolean deleteDependents) {
  public Deletion {
    Objects.requireNonNull(entity, "entity must not be null");
  }

  /** A deletion of {@code (blueprint, identifier)}. */
  public static Deletion of(String blueprint, String identifier, boolean deleteDependents) {
    return new Deletion(new EntityRef(blueprint, identifier), deleteDependents);
  }
}
