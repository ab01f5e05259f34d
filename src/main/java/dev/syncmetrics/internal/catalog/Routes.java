package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.http.Route;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Every route of the catalog, in one place. */
final class Routes {
  private static final String ENTITIES = "/api/blueprints/{blueprint}/entities";
  private static final String ENTITY = ENTITIES + "/{identifier}";

  private Routes() {}

  /** What the parts' own exceptions mean to a client: a database that fails is a 503 to retry. */
  static HttpError answer(RuntimeException failure) {
    return failure instanceof StoreException
        ? new HttpError(503, "the catalog's database is unavailable; retry")
        : null;
  }

  static List<Route> of(CatalogSettings settings, EntityStore store, CatalogMetrics metrics) {
    WebhookHandler webhook =
        new WebhookHandler(
            settings.mappings(), store, settings.verifier(), settings.maxBodyBytes(), metrics);
    EntityApi api =
        new EntityApi(
            settings.mappings(),
            store,
            new BearerAuth(settings.apiToken()),
            settings.maxBodyBytes(),
            metrics);
    StaticFiles files = new StaticFiles();
    SyncStatus status =
        new SyncStatus(store, settings.mappings(), settings.stalledFactor(), settings.clock());
    return List.of(
        new Route("POST", "/webhook", webhook),
        new Route("POST", "/webhook/{name}", webhook),
        new Route("GET", "/api/blueprints", api::blueprints),
        new Route("GET", ENTITIES, api::list),
        new Route("POST", ENTITIES, api::upsert),
        new Route("GET", ENTITY, api::get),
        new Route("DELETE", ENTITY, api::delete),
        new Route("GET", ENTITY + "/history", api::history),
        new Route("GET", "/api/sync-status", status::handle),
        new Route(
            "GET",
            "/healthz",
            request -> {
              store.check();
              return Response.json(200, HttpJson.object().put("status", "ok"));
            }),
        new Route(
            "GET",
            "/metrics",
            request ->
                Response.of(
                    200,
                    "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8))),
        new Route("GET", "/", files::index),
        new Route("GET", "/assets/**", files::asset),
        new Route("GET", "/webjars/**", files::webjar));
  }
}
