package dev.syncmetrics.internal.catalog.store;

/**
 * What one {@link EntityStore#write} committed.
 *
 * @param upserted entities created or updated (each also added a history point)
 * @param deleted entities that existed and were removed
 * @param duplicate true when the event key had been seen before, so nothing was written
 */
public record WriteOutcome(int upserted, int deleted, boolean duplicate) {
  /** The outcome of a write that was skipped because its event had been stored already. */
  public static WriteOutcome ofDuplicate() {
    return new WriteOutcome(0, 0, true);
  }
}
