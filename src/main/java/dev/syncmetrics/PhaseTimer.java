package dev.syncmetrics;

/**
 * Times one stretch of a phase; closing it adds the elapsed time to the kind's phase duration and
 * samples the heap in use. Timers of the same phase may run in parallel (pages extracted at once):
 * their times add up.
 *
 * <pre>{@code
 * try (PhaseTimer t = kind.time(Phase.EXTRACT)) {
 *   kind.extracted(page.size());
 * }
 * }</pre>
 */
public interface PhaseTimer extends AutoCloseable {
  /** Stops the timer. Closing twice has no further effect. Never throws. */
  @Override
  void close();
}
