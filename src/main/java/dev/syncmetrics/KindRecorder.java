package dev.syncmetrics;

/**
 * Records what happened to one kind in one sync run. Every method is safe to call from many threads
 * at once and costs about as much as a {@link java.util.concurrent.atomic.LongAdder} increment;
 * none throws (bad arguments are ignored and logged once).
 *
 * <pre>{@code
 * KindRecorder repos = run.kind("repository", 0);
 * try {
 *   try (PhaseTimer t = repos.time(Phase.EXTRACT)) { repos.extracted(page.size()); }
 *   try (PhaseTimer t = repos.time(Phase.TRANSFORM)) { repos.transformed(118); repos.filteredOut(1); }
 *   try (PhaseTimer t = repos.time(Phase.LOAD)) { repos.loaded(117); repos.loadFailed(1); }
 * } catch (Exception e) {
 *   repos.fail(e);
 * } finally {
 *   repos.end();   // its payload goes out now, in the background
 * }
 * }</pre>
 *
 * <p>End each kind as soon as its sync is over: its payload is then built and written to the spool
 * at once, and delivered in the background, so that the catalog sees it while the run goes on and a
 * process killed later loses nothing of it. A kind not ended is ended by {@link SyncRun#finish()}
 * (or reported {@code aborted} when the run is aborted).
 */
public interface KindRecorder {
  /** The kind's name, such as {@code repository}. */
  String kind();

  /** Its index in the integration's configuration. */
  int index();

  /** {@code <kind>-<index>}, as sent in {@code kind_identifier}. */
  default String kindIdentifier() {
    return Payload.kindIdentifier(kind(), index());
  }

  /** Objects read from the source ({@code raw_extracted}). */
  void extracted(long count);

  /** One object read from the source. */
  void extracted();

  /** Objects transformed into entities ({@code transformed}). */
  void transformed(long count);

  /** One object transformed. */
  void transformed();

  /** Objects dropped on purpose by a filter ({@code filtered_out}). */
  void filteredOut(long count);

  /** Objects whose transform failed (transform {@code failed}). */
  void transformFailed(long count);

  /** Entities written to the target ({@code loaded}). */
  void loaded(long count);

  /** One entity written to the target. */
  void loaded();

  /** Entities the target refused or that failed to write (load {@code failed}). */
  void loadFailed(long count);

  /** Entities not written because nothing changed ({@code skipped}). */
  void skipped(long count);

  /** Entities removed from the target because they are gone from the source ({@code deleted}). */
  void deleted(long count);

  /** Starts timing a stretch of {@code phase}; close the timer to stop it. */
  PhaseTimer time(Phase phase);

  /** Sets a custom metric for this kind and phase; label values follow the metric's labels. */
  void set(CustomMetric metric, Phase phase, double value, String... labelValues);

  /** Adds to a custom metric for this kind and phase. */
  void add(CustomMetric metric, Phase phase, double amount, String... labelValues);

  /**
   * Marks the kind failed (its {@code success} becomes 0, its {@code sync_state} {@code failed});
   * the first reason given is kept. Call it before {@link #end()}.
   */
  void fail(String reason);

  /** Marks the kind failed because of {@code error}. */
  void fail(Throwable error);

  /**
   * Ends this kind: its {@code resync} duration ends now, its counts are frozen, and its payload
   * ({@code sync_state} {@code completed}, or {@code failed} after {@link #fail(String)}) is
   * written to the spool and delivered in the background. With a webhook configured this returns
   * once the payload is on disk (one forced write, shared by kinds ending at the same moment; a few
   * milliseconds, never more than two seconds), so a process killed afterwards does not lose it; it
   * never waits for the network. Calling it again does nothing; what is recorded into the kind
   * afterwards is not reported (a warning says so).
   */
  void end();

  /**
   * The same as {@link #end()}, its name before kinds were reported as they end.
   *
   * @deprecated call {@link #end()}
   */
  @Deprecated
  default void complete() {
    end();
  }
}
