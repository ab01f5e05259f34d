package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.EntityRef;
import java.util.List;

/**
 * What one {@link EntityStore#write} committed.
 *
 * @param upserted entities created or updated (each also added a history point)
 * @param deleted entities that existed and were removed, dependents included
 * @param duplicate true when an event key had been seen before, so nothing was written
 * @param deletedEntities the entities removed, those asked for first, then their dependents
 * @param problems what could not be done as asked (the rest was written)
 */
public record WriteOutcome(
    int upserted,
    int deleted,
    boolean duplicate,
    List<EntityRef> deletedEntities,
    List<WriteProblem> problems) {
  public WriteOutcome {
    deletedEntities = List.copyOf(deletedEntities);
    problems = List.copyOf(problems);
  }

  public WriteOutcome(int upserted, int deleted, boolean duplicate) {
    this(upserted, deleted, duplicate, List.of(), List.of());
  }

  /** The outcome of a write that was skipped because its event had been stored already. */
  public static WriteOutcome ofDuplicate() {
    return new WriteOutcome(0, 0, true);
  }
}
