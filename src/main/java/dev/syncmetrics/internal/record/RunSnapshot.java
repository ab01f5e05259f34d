package dev.syncmetrics.internal.record;

import dev.syncmetrics.Payload;
import java.time.Instant;
import java.util.List;

/**
 * A whole run, frozen: who reported, the run's identity and state, every kind in payload order, and
 * the {@code __runtime__} totals. While the run is under way (the {@code syncing} snapshot taken at
 * its start, which every kind's payload is written against) it has no kinds.
 *
 * @param state {@link Payload#SYNCING} while under way; then {@link Payload#COMPLETED} when the run
 *     finished and every kind succeeded, {@link Payload#ABORTED} when it was aborted, else {@link
 *     Payload#FAILED}
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
  public static final String SYNCING = Payload.SYNCING;
  public static final String COMPLETED = Payload.COMPLETED;
  public static final String FAILED = Payload.FAILED;
  public static final String ABORTED = Payload.ABORTED;

  public RunSnapshot {
    kinds = List.copyOf(kinds);
  }

  public boolean succeeded() {
    return COMPLETED.equals(state);
  }
}
