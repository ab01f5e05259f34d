package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.Deletion;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import dev.syncmetrics.mapping.EntityUpdate;
import java.util.List;
import java.util.Objects;

/**
 * Everything one {@link EntityStore#write} commits together.
 *
 * <pre>{@code
 * store.write(WriteBatch.merge(result.upserts(), result.updates(), result.deletes(), keys, relations));
 * store.write(WriteBatch.replace(entities, List.of(), "api key-1"));
 * }</pre>
 *
 * @param upserts entities to create or update by (blueprint, identifier)
 * @param updates values to merge into every entity a search query matches (merge only)
 * @param deletes entities to remove, each with or without the entities that point at it
 * @param eventKeys keys recorded in the same transaction; if any was recorded before, nothing is
 *     written and the outcome is a duplicate
 * @param merge true (webhooks): a property or relation an upsert lacks keeps its stored value, a
 *     null title, icon or team keeps the stored one, and relations given as search queries are
 *     resolved; false (the write API): an upsert replaces the whole entity as given
 * @param relations the blueprints' relations, for search-query relations and dependents
 */
public record WriteBatch(
    List<Entity> upserts,
    List<EntityUpdate> updates,
    List<Deletion> deletes,
    List<String> eventKeys,
    boolean merge,
    RelationSchema relations) {
  public WriteBatch {
    upserts = List.copyOf(upserts);
    updates = List.copyOf(updates);
    deletes = List.copyOf(deletes);
    eventKeys = eventKeys.stream().filter(Objects::nonNull).distinct().sorted().toList();
    Objects.requireNonNull(relations, "relations must not be null");
  }

  /** Upserts that replace, and deletes without dependents, as the write API does. */
  public static WriteBatch replace(List<Entity> upserts, List<EntityRef> deletes, String eventKey) {
    return new WriteBatch(
        upserts,
        List.of(),
        deletes.stream().map(ref -> new Deletion(ref, false)).toList(),
        eventKey == null ? List.of() : List.of(eventKey),
        false,
        RelationSchema.NONE);
  }

  /** A webhook's write: merged upserts and updates, deletes as the mappings say. */
  public static WriteBatch merge(
      List<Entity> upserts,
      List<EntityUpdate> updates,
      List<Deletion> deletes,
      List<String> eventKeys,
      RelationSchema relations) {
    return new WriteBatch(upserts, updates, deletes, eventKeys, true, relations);
  }
}
