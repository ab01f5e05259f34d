package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import java.util.List;

/**
 * Stored entities and their history as the entity API shows them: the entity's own JSON ({@link
 * dev.syncmetrics.mapping.Entity#toJson}) followed by {@code createdAt} and {@code updatedAt}.
 *
 * <pre>{@code
 * Response.json(200, EntityJson.stored(store.get(blueprint, id).orElseThrow()));
 * }</pre>
 */
final class EntityJson {
  private EntityJson() {}

  static ObjectNode stored(StoredEntity e) {
    ObjectNode node = e.entity().toJson();
    node.put("createdAt", e.createdAt().toString());
    node.put("updatedAt", e.updatedAt().toString());
    return node;
  }

  static ArrayNode stored(List<StoredEntity> entities) {
    ArrayNode out = HttpJson.array();
    entities.forEach(e -> out.add(stored(e)));
    return out;
  }

  static ArrayNode history(List<HistoryPoint> points) {
    ArrayNode out = HttpJson.array();
    for (HistoryPoint p : points) {
      ObjectNode node = out.addObject();
      node.put("recordedAt", p.recordedAt().toString());
      node.put("title", p.title());
      node.set("properties", p.properties());
    }
    return out;
  }
}
