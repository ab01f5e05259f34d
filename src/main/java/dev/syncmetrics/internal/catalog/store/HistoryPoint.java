package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One upsert of an entity as its history keeps it: the properties it set and when.
 *
 * @param recordedAt when the upsert was committed
 * @param title the title the upsert set, or null
 * @param properties the entity's properties after the upsert
 */
public record HistoryPoint(Instant recordedAt, String title, ObjectNode properties) {
  public HistoryPoint {
    Objects.requireNonNull(recordedAt, "recordedAt must not be null");
    Objects.requireNonNull(properties, "properties must not be null");
  }
}
