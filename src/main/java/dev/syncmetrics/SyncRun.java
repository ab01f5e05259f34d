package dev.syncmetrics;

/**
 * One sync of an integration. Starting it announces it ({@code sync_state} {@code syncing}); record
 * into its kinds from any number of threads, and end each kind when its sync is over (its payload
 * goes out then); {@link #finish()} ends the run and reports it. A run always ends in exactly one
 * terminal state whatever throws: closing a run that was not finished aborts it.
 *
 * <pre>{@code
 * try (SyncRun run = reporter.startRun()) {     // "syncing" goes out, in the background
 *   for (int i = 0; i < kinds.size(); i++) {
 *     KindRecorder kind = run.kind(kinds.get(i).name(), i);
 *     try { syncKind(kind); } catch (Exception e) { kind.fail(e); } finally { kind.end(); }
 *   }
 *   run.finish();   // completed when every kind succeeded, else failed
 * }                 // close() without finish() (an exception escaped): aborted
 * }</pre>
 *
 * <p>The reporter also aborts its open runs when the JVM shuts down (SIGTERM, or the end of {@code
 * main}), delivering within {@link SyncMetricsConfig#shutdownTimeout()}. A disabled reporter hands
 * out a run whose every method does nothing.
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
   * Ends the run and reports it: ends the kinds not ended yet, sends their payloads and the final
   * {@code __runtime__}, pushes the run's state to the Pushgateway, and waits for what is still in
   * flight, within the configured timeout (payloads of kinds ended earlier are mostly delivered
   * already). Returns what went where; never throws. Calling it again returns the same result.
   */
  ReportResult finish();

  /**
   * Ends the run as {@code aborted}: kinds already ended keep their state, the others are reported
   * {@code aborted}, and {@code __runtime__}'s {@code success} is 0. Reports like {@link
   * #finish()}; if the run had ended before, returns that result.
   */
  ReportResult abort(String reason);

  /** The report's result, or null while the run has not ended. */
  ReportResult result();

  /** Aborts the run if it did not end ({@code finish()} or {@code abort()}) before. */
  @Override
  void close();
}
