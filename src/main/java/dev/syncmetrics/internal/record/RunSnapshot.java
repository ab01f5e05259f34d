package dev.syncmetrics.internal.record;

import java.time.Instant;
import java.util.List;

/**
 * A whole run, frozen at its end: who reported, the run's identity and terminal state, every kind
 * in the order first recorded, and the {@code __runtime__} totals.
 *
 * @param state {@code completed} when the run finished and every kind succeeded, else {@code
 *     failed}
 */
public record RunSnapshot(
    String integrationType,
    String integrationIdentifier,
    String integrationVersion,
    String eventId,
    String state,
    Instant startedAt,
    Instant reportedAt,
    List<KindSnapshot> kinds,
    KindSnapshot runtime) {
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  public RunSnapshot {
    kinds = List.copyOf(kinds);
  }

  public boolean succeeded() {
    return COMPLETED.equals(state);
  }
}
