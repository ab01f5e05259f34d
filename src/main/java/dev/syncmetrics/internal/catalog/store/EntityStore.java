package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

  /**
   * The entity's history recorded from {@code since} (inclusive) to {@code until} (exclusive),
   * newest first, at most {@code limit} points. The default filters {@link #history(String, String,
   * int)}; the JDBC store asks the database.
   */
  default List<HistoryPoint> history(
      String blueprint, String identifier, Instant since, Instant until, int limit) {
    return history(blueprint, identifier, Integer.MAX_VALUE).stream()
        .filter(p -> !p.recordedAt().isBefore(since) && p.recordedAt().isBefore(until))
        .limit(Math.max(0, limit))
        .toList();
  }

  /**
   * The history of several entities of one blueprint recorded from {@code since} (inclusive) to
   * {@code until} (exclusive), oldest first, in a few queries however many entities. With {@code
   * buckets} above 0, an entity with more points than that in the range is sampled: the span from
   * the oldest of those points to {@code until} is cut into {@code buckets} equal slices and only
   * the last point in each slice is kept. With 0 every point is returned.
   */
  default List<HistoryEntry> histories(
      String blueprint, Collection<String> identifiers, Instant since, Instant until, int buckets) {
    List<HistoryEntry> out = new ArrayList<>();
    for (String id : new HashSet<>(identifiers)) {
      List<HistoryPoint> points = history(blueprint, id, since, until, Integer.MAX_VALUE);
      if (buckets <= 0 || points.size() <= buckets) {
        points.forEach(p -> out.add(new HistoryEntry(id, p)));
        continue;
      }
      Instant from = points.get(points.size() - 1).recordedAt();
      long width = HistorySampling.bucketMillis(from, until, buckets);
      long lastBucket = Long.MIN_VALUE;
      // newest first: the first point met in a bucket is its last one
      for (HistoryPoint p : points) {
        long bucket = (p.recordedAt().toEpochMilli() - from.toEpochMilli()) / width;
        if (bucket != lastBucket) {
          out.add(new HistoryEntry(id, p));
          lastBucket = bucket;
        }
      }
    }
    out.sort(Comparator.comparing((HistoryEntry e) -> e.point().recordedAt()));
    return out;
  }

  /**
   * A value that changes whenever an entity of {@code blueprint} is written or deleted, so a reader
   * can tell whether what it read before is still current. The default changes on every call
   * (nothing read is ever reused).
   */
  default String changeMark(String blueprint) {
    return UUID.randomUUID().toString();
  }

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
