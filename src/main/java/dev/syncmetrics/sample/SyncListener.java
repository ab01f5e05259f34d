package dev.syncmetrics.sample;

import dev.syncmetrics.Phase;

/**
 * Follows a sample sync as it runs, to show progress. Called from the syncing thread; every method
 * does nothing by default.
 *
 * <pre>{@code
 * SyncListener listener = new SyncListener() {
 *   public void progress(SampleKind kind, Phase phase, long done, long total) {
 *     System.out.println(kind.kindIdentifier() + " " + phase.label() + " " + done + "/" + total);
 *   }
 * };
 * }</pre>
 */
public interface SyncListener {
  SyncListener NONE = new SyncListener() {};

  /** {@code kind} entered {@code phase}, or made progress in it ({@code total} may be 0). */
  default void progress(SampleKind kind, Phase phase, long done, long total) {}

  /** {@code kind} is done; {@code failure} is null when it succeeded. */
  default void finished(SampleKind kind, String failure) {}
}
