package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the catalog keeps its entities, their history and the webhook events it has seen.
 *
 * <pre>{@code
 * try (EntityStore store = JdbcEntityStore.open(StoreLocation.parse("catalog.db"))) {
 *   WriteOutcome out = store.write(List.of(entity), List.of(), "run-1:repository-0");
 *   Optional<StoredEntity> e = store.get("integration_kind_metrics", "repository-0");
 * }
 * }</pre>
 *
 * <p>Implementations are safe to share between threads. Every method throws {@link StoreException}
 * when the database fails.
 */
public interface EntityStore extends AutoCloseable {
  /**
   * Writes a batch in one transaction (see {@link WriteBatch} for merge and replace): upserts by
   * (blueprint, identifier), one history point each, then the search-query updates and relations,
   * then the deletes with their dependents. The event keys are recorded in the same transaction; if
   * any was recorded before, nothing is written and the outcome is {@link
   * WriteOutcome#duplicate()}.
   */
  WriteOutcome write(WriteBatch batch);

  /**
   * Upserts that replace what was stored, and deletes without dependents, in one transaction, as
   * {@link WriteBatch#replace}.
   */
  default WriteOutcome write(List<Entity> upserts, List<EntityRef> deletes, String eventKey) {
    return write(WriteBatch.replace(upserts, deletes, eventKey));
  }

  /** Removes one entity and its history (not its dependents); false when it did not exist. */
  default boolean delete(String blueprint, String identifier) {
    return write(List.of(), List.of(new EntityRef(blueprint, identifier)), null).deleted() == 1;
  }

  Optional<StoredEntity> get(String blueprint, String identifier);

  /** The blueprint's entities ordered by identifier, at most {@code limit}. */
  List<StoredEntity> list(String blueprint, int limit);

  /** The entity's history, newest first, at most {@code limit} points. */
  List<HistoryPoint> history(String blueprint, String identifier, int limit);

  /** How many entities each blueprint holds (blueprints without entities are left out). */
  Map<String, Long> countByBlueprint();

  /** True when an event with this key has been written. */
  boolean seen(String eventKey);

  /** Throws {@link StoreException} unless the database answers a trivial query. */
  void check();

  /**
   * Throws {@link StoreException} unless the database can commit a write now (a full disk, a
   * read-only file or a read-only database fail it). The default only runs {@link #check}.
   */
  default void checkWritable() {
    check();
  }

  @Override
  void close();
}
