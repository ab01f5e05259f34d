package dev.syncmetrics;

/**
 * One sync of an integration. Record into its kinds from any number of threads; {@link #finish()}
 * ends it and reports it. Closing a run that was not finished reports it as failed (aborted), so a
 * run always ends in exactly one terminal state whatever throws.
 *
 * <pre>{@code
 * try (SyncRun run = reporter.startRun()) {
 *   for (int i = 0; i < kinds.size(); i++) {
 *     KindRecorder kind = run.kind(kinds.get(i).name(), i);
 *     try { syncKind(kind); } catch (Exception e) { kind.fail(e); }
 *   }
 *   run.finish();   // state completed when every kind succeeded, else failed
 * }                 // close() without finish(): state failed
 * }</pre>
 *
 * <p>A disabled reporter hands out a run whose every method does nothing.
 */
public interface SyncRun extends AutoCloseable {
  /** The run's UUID, sent as {@code event_id} in every payload; empty when metrics are off. */
  String eventId();

  /**
   * The recorder of one kind, created on first use. The same kind may appear several times in an
   * integration's configuration: {@code index} tells them apart ({@code kind_identifier} is {@code
   * <kind>-<index>}). Hold on to the recorder: looking it up costs a map lookup.
   *
   * @throws IllegalArgumentException for a blank kind, {@code __runtime__} or a negative index
   */
  KindRecorder kind(String kind, int index);

  /** Marks the whole run failed (every kind may still have succeeded); the first reason is kept. */
  void fail(String reason);

  /** Marks the whole run failed because of {@code error}. */
  void fail(Throwable error);

  /**
   * Ends the run and reports it: builds the payloads and delivers them within the configured
   * timeout. Returns what went where; never throws. Calling it again returns the same result.
   */
  ReportResult finish();

  /** The report's result, or null while the run has not ended. */
  ReportResult result();

  /** Ends the run if {@link #finish()} was not called, reporting it failed (aborted). */
  @Override
  void close();
}
