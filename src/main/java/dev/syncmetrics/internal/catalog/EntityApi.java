package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import dev.syncmetrics.internal.catalog.store.WriteOutcome;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.Entity;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The blueprint and entity routes under {@code /api}: reads, and the token-guarded writes. */
final class EntityApi {
  static final int DEFAULT_LIST_LIMIT = 1000;
  static final int DEFAULT_HISTORY_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  private final WebhookMappings mappings;
  private final EntityStore store;
  private final BearerAuth auth;
  private final long maxBodyBytes;
  private final CatalogMetrics metrics;
  private final Clock clock;

  EntityApi(
      WebhookMappings mappings,
      EntityStore store,
      BearerAuth auth,
      long maxBodyBytes,
      CatalogMetrics metrics,
      Clock clock) {
    this.mappings = mappings;
    this.store = store;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** {@code GET /api/blueprints}. */
  Response blueprints(Request request) {
    Map<String, Long> counts = store.countByBlueprint();
    ArrayNode list = HttpJson.array();
    mappings.blueprints().values().stream()
        .sorted((a, b) -> a.identifier().compareTo(b.identifier()))
        .forEach(
            b -> {
              ObjectNode node = list.addObject();
              node.put("identifier", b.identifier());
              node.put("title", b.title());
              node.put("entities", counts.getOrDefault(b.identifier(), 0L));
              node.set("definition", b.definition());
            });
    ObjectNode body = HttpJson.object();
    body.set("blueprints", list);
    return Response.json(200, body);
  }

  /** {@code GET /api/blueprints/{blueprint}/entities?limit=N}. */
  Response list(Request request) {
    Blueprint blueprint = blueprint(request);
    int limit = request.intParam("limit", DEFAULT_LIST_LIMIT, MAX_LIMIT);
    ObjectNode body = HttpJson.object();
    body.set("entities", EntityJson.stored(store.list(blueprint.identifier(), limit)));
    return Response.json(200, body);
  }

  /** {@code GET /api/blueprints/{blueprint}/entities/{identifier}}. */
  Response get(Request request) {
    return Response.json(200, EntityJson.stored(existing(request)));
  }

  /**
   * {@code GET /api/blueprints/{blueprint}/entities/{identifier}/history?limit=N}, with {@code
   * range=1h|24h|7d|30d} or {@code since=&until=} for a time range (see {@link TimeRange}).
   */
  Response history(Request request) {
    StoredEntity entity = existing(request);
    int limit = request.intParam("limit", DEFAULT_HISTORY_LIMIT, MAX_LIMIT);
    ObjectNode body = HttpJson.object();
    Entity e = entity.entity();
    body.put("blueprint", e.blueprint());
    body.put("identifier", e.identifier());
    if (TimeRange.asked(request)) {
      TimeRange range = TimeRange.of(request, clock);
      body.set("range", range.toJson());
      body.set(
          "history",
          EntityJson.history(
              store.history(e.blueprint(), e.identifier(), range.since(), range.until(), limit)));
    } else {
      body.set("history", EntityJson.history(store.history(e.blueprint(), e.identifier(), limit)));
    }
    return Response.json(200, body);
  }

  /** {@code POST /api/blueprints/{blueprint}/entities}: one entity object or an array. */
  Response upsert(Request request) throws IOException {
    auth.check(request);
    Blueprint blueprint = blueprint(request);
    request.requireJson();
    JsonNode json = HttpJson.parse(request.body(maxBodyBytes));
    List<Entity> entities = EntityInput.read(blueprint, json);
    String key = request.header(WebhookSignature.IDEMPOTENCY_HEADER);
    if (key != null && key.length() > WebhookHandler.MAX_IDEMPOTENCY_KEY) {
      throw HttpError.badRequest("Idempotency-Key is too long");
    }
    String eventKey =
        key == null || key.isBlank() ? null : "/api " + blueprint.identifier() + " " + key.trim();
    WriteOutcome out = store.write(entities, List.of(), eventKey);
    if (!out.duplicate()) {
      entities.forEach(e -> metrics.upserted(e.blueprint(), "api"));
    }
    ObjectNode body = HttpJson.object();
    body.put("upserted", out.upserted());
    body.put("duplicate", out.duplicate());
    return Response.json(200, body);
  }

  /** {@code DELETE /api/blueprints/{blueprint}/entities/{identifier}}. */
  Response delete(Request request) {
    auth.check(request);
    Blueprint blueprint = blueprint(request);
    String identifier = request.pathParam("identifier");
    if (!store.delete(blueprint.identifier(), identifier)) {
      throw HttpError.notFound(
          "no entity '" + identifier + "' in blueprint '" + blueprint.identifier() + "'");
    }
    metrics.deleted(1, "api");
    return Response.json(200, HttpJson.object().put("deleted", 1));
  }

  private Blueprint blueprint(Request request) {
    String id = request.pathParam("blueprint");
    Blueprint blueprint = mappings.blueprints().get(id);
    if (blueprint == null) {
      throw HttpError.notFound("no blueprint '" + id + "'");
    }
    return blueprint;
  }

  private StoredEntity existing(Request request) {
    Blueprint blueprint = blueprint(request);
    String identifier = request.pathParam("identifier");
    return store
        .get(blueprint.identifier(), identifier)
        .orElseThrow(
            () ->
                HttpError.notFound(
                    "no entity '"
                        + identifier
                        + "' in blueprint '"
                        + blueprint.identifier()
                        + "'"));
  }
}
