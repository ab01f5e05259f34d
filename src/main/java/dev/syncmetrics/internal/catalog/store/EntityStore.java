package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import java.time.Instant;
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
   * Upserts {@code upserts} by (blueprint, identifier), appending one history point each, and
   * removes {@code deletes}, all in one transaction. When {@code eventKey} is not null it is
   * recorded in the same transaction; if it was recorded before, nothing is written and the outcome
   * is {@link WriteOutcome#duplicate()}.
   */
  WriteOutcome write(List<Entity> upserts, List<EntityRef> deletes, String eventKey);

  /** Removes one entity and its history; false when it did not exist. */
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

  /** True when an event with this key has been written (and not pruned since). */
  boolean seen(String eventKey);

  /**
   * Forgets the keys of events written before {@code before}, in batches, so that the table of seen
   * events does not grow forever. An event delivered again after its key was pruned is stored
   * again. Several replicas may prune at once: each key is removed (and counted) by one of them.
   *
   * @return how many keys were removed
   */
  int pruneSeenEvents(Instant before);

  /** Throws {@link StoreException} unless the database answers a trivial query. */
  void check();

  @Override
  void close();
}
