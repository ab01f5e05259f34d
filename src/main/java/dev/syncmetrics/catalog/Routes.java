package dev.syncmetrics.catalog;

import dev.syncmetrics.catalog.http.CatalogJson;
import dev.syncmetrics.catalog.http.Response;
import dev.syncmetrics.catalog.http.Route;
import dev.syncmetrics.catalog.store.EntityStore;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Every route of the catalog, in one place. */
final class Routes {
  private static final String ENTITIES = "/api/blueprints/{blueprint}/entities";
  private static final String ENTITY = ENTITIES + "/{identifier}";

  private Routes() {}

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
    return List.of(
        new Route("POST", "/webhook", webhook),
        new Route("POST", "/webhook/{name}", webhook),
        new Route("GET", "/api/blueprints", api::blueprints),
        new Route("GET", ENTITIES, api::list),
        new Route("POST", ENTITIES, api::upsert),
        new Route("GET", ENTITY, api::get),
        new Route("DELETE", ENTITY, api::delete),
        new Route("GET", ENTITY + "/history", api::history),
        new Route(
            "GET",
            "/healthz",
            request -> {
              store.check();
              return Response.json(200, CatalogJson.object().put("status", "ok"));
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
