package dev.syncmetrics.internal.catalog.store;

import java.util.Objects;

/**
 * One history point of one entity, as the bulk history queries return them: several entities of one
 * blueprint at once.
 *
 * <pre>{@code
 * for (HistoryEntry e : store.histories("integration_kind_phase_metrics", ids, since, until, 60)) {
 *   chart.add(e.identifier(), e.point().recordedAt(), e.point().properties());
 * }
 * }</pre>
 *
 * @param identifier the entity's identifier
 * @param point what was recorded
 */
public record HistoryEntry(String identifier, HistoryPoint point) {
  public HistoryEntry {
    Objects.requireNonNull(identifier, "identifier must not be null");
    Objects.requireNonNull(point, "point must not be null");
  }
}
