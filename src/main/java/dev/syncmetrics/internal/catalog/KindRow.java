package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import dev.syncmetrics.mapping.Entity;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * One kind (or one integration's {@code __runtime__}) as the dashboard lists it: read from a stored
 * entity of a kind blueprint through its {@link KindFields}.
 *
 * <pre>{@code
 * KindRow row = KindRow.of(KindFields.PHASE, storedEntity);
 * if (row.status() == Status.FAILED) { ... }
 * }</pre>
 *
 * @param integration the identifier of the integration it relates to, or null
 * @param updatedAt when the catalog last stored it (its clock)
 */
record KindRow(KindFields fields, Entity entity, String integration, Instant updatedAt) {
  /** Integration, then the kind's index in its configuration, then identifier. */
  static final Comparator<KindRow> ORDER =
      Comparator.comparing((KindRow r) -> r.integration() == null ? "" : r.integration())
          .thenComparing(r -> r.kindIndex() == null ? Double.MAX_VALUE : r.kindIndex())
          .thenComparing(KindRow::identifier);

  static KindRow of(KindFields fields, StoredEntity stored) {
    Entity e = stored.entity();
    JsonNode integration = e.relations().get("integration");
    return new KindRow(
        fields,
        e,
        integration != null && integration.isTextual() ? integration.asText() : null,
        stored.updatedAt());
  }

  String identifier() {
    return entity.identifier();
  }

  ObjectNode properties() {
    return entity.properties();
  }

  /** The kind's name ({@code repository}), falling back on the identifier. */
  String kind() {
    String kind = KindFields.text(properties(), "kind");
    return kind == null ? identifier() : kind;
  }

  Double kindIndex() {
    JsonNode v = properties().get("kind_index");
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  /**
   * The kind's {@code <kind>-<index>} when its index is stored (the identifier of the guide's kind
   * entity), else its identifier.
   */
  String kindIdentifier() {
    Double index = kindIndex();
    if (index == null || index < 0 || index != Math.floor(index) || index > Integer.MAX_VALUE) {
      return identifier();
    }
    return Payload.kindIdentifier(kind(), index.intValue());
  }

  /** True for the payload of the whole run, not a kind. */
  boolean isRuntime() {
    return Payload.RUNTIME.equals(KindFields.text(properties(), "kind"));
  }

  String syncState() {
    return KindFields.text(properties(), "sync_state");
  }

  String eventId() {
    return KindFields.text(properties(), "event_id");
  }

  Status status() {
    return fields.status(properties());
  }

  Double resyncSeconds() {
    return fields.resyncSeconds(properties());
  }

  /** When it last synced: the payload's time, else when the catalog stored it. */
  String lastSyncAt() {
    String at = fields.lastSyncAt(properties());
    return at == null ? updatedAt.toString() : at;
  }

  /**
   * True when {@code needle} (lower case) is part of its identifier, title, kind or integration.
   */
  boolean contains(String needle) {
    return lower(identifier()).contains(needle)
        || lower(entity.title()).contains(needle)
        || lower(kind()).contains(needle)
        || lower(integration).contains(needle);
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  /** The row as {@code GET /api/kinds} answers it. */
  ObjectNode toJson() {
    ObjectNode node = HttpJson.object();
    node.put("blueprint", entity.blueprint());
    node.put("identifier", identifier());
    node.put("title", entity.title());
    node.put("kind", kind());
    node.put("kindIdentifier", kindIdentifier());
    node.put("integration", integration);
    node.put("status", status().name());
    node.put("syncState", syncState());
    node.put("eventId", eventId());
    node.put("lastSyncAt", lastSyncAt());
    node.put("updatedAt", updatedAt.toString());
    node.set("counts", fields.counts(properties()));
    node.set("seconds", fields.seconds(properties()));
    return node;
  }
}
