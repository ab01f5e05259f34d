package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.Entity;
import java.time.Instant;
import java.util.Objects;

/**
 * An entity as the catalog holds it: what was last upserted for {@code (blueprint, identifier)},
 * with the time it was first created and last updated.
 *
 * <pre>{@code
 * StoredEntity e = store.get("integration", "github-github-prod").orElseThrow();
 * String title = e.entity().title();
 * }</pre>
 *
 * @param entity the entity as last upserted
 * @param createdAt when it was first upserted
 * @param updatedAt when it was last upserted
 */
public record StoredEntity(Entity entity, Instant createdAt, Instant updatedAt) {
  public StoredEntity {
    Objects.requireNonNull(entity, "entity must not be null");
    Objects.requireNonNull(createdAt, "createdAt must not be null");
    Objects.requireNonNull(updatedAt, "updatedAt must not be null");
  }
}
