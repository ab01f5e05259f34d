package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.Handler;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.http.Route;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Every route of the catalog, in one place. */
final class Routes {
  private static final String ENTITIES = "/api/blueprints/{blueprint}/entities";
  private static final String ENTITY = ENTITIES + "/{identifier}";

  private Routes() {}

  /**
   * What the parts' own exceptions mean to a client: a database that fails is a 503 to retry, one
   * that refuses a value is a 400 (retrying would only be refused again).
   */
  static HttpError answer(RuntimeException failure) {
    if (!(failure instanceof StoreException store)) {
      return null;
    }
    return store.refusedData()
        ? HttpError.badRequest("the catalog's database refused a value of this request")
        : new HttpError(503, "the catalog's database is unavailable; retry");
  }

  static List<Route> of(CatalogSettings settings, EntityStore store, CatalogMetrics metrics) {
    BrowserGuard browsers = new BrowserGuard(settings.bind(), settings.allowedHosts());
    BearerAuth reads =
        settings.readToken() == null
            ? BearerAuth.OPEN
            : BearerAuth.of(
                "reading this catalog",
                Arrays.asList(settings.readToken(), settings.apiToken()),
                BearerAuth.BASIC);
    // writes are never less guarded than reads: with only a read token, writes need it too
    String writeToken = settings.apiToken() != null ? settings.apiToken() : settings.readToken();
    BearerAuth writes =
        BearerAuth.of("the write API", Arrays.asList(writeToken), BearerAuth.BEARER);
    WebhookHandler webhook =
        new WebhookHandler(
            settings.mappings(),
            store,
            settings.verifier(),
            settings.clock(),
            settings.maxBodyBytes(),
            metrics);
    EntityApi api =
        new EntityApi(
            settings.mappings(), store, writes, settings.maxBodyBytes(), metrics, settings.clock());
    KindSource kindSource = new KindSource(settings.mappings(), store, settings.clock());
    KindsApi kinds = new KindsApi(kindSource, store, settings.clock());
    IntegrationsApi integrations =
        new IntegrationsApi(
            new IntegrationStates(
                settings.mappings(), store, kindSource, settings.stall(), settings.clock()),
            kindSource,
            store,
            settings.stall(),
            settings.clock());
    StaticFiles files = new StaticFiles();
    HealthCheck health = new HealthCheck(store);
    Guarded guard = new Guarded(browsers, reads);
    return List.of(
        new Route("POST", "/webhook", guard.write(webhook)),
        new Route("POST", "/webhook/{name}", guard.write(webhook)),
        new Route("GET", "/api/blueprints", guard.read(api::blueprints)),
        new Route("GET", ENTITIES, guard.read(api::list)),
        new Route("POST", ENTITIES, guard.write(api::upsert)),
        new Route("GET", ENTITY, guard.read(api::get)),
        new Route("DELETE", ENTITY, guard.write(api::delete)),
        new Route("GET", ENTITY + "/history", guard.read(api::history)),
        new Route("GET", "/api/integrations", guard.read(integrations::list)),
        new Route("GET", "/api/integrations/{identifier}", guard.read(integrations::one)),
        new Route("GET", "/api/integrations/{identifier}/runs", guard.read(integrations::runs)),
        new Route("GET", "/api/kinds", guard.read(kinds::list)),
        new Route("GET", "/api/kinds/{blueprint}/{identifier}", guard.read(kinds::one)),
        // load balancers probe by address: no Host check, no token
        new Route("GET", "/healthz", health::answer),
        new Route(
            "GET",
            "/metrics",
            guard.read(
                request ->
                    Response.of(
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8)))),
        // the page asks for the read token (a browser's Basic prompt); its files hold no data
        new Route("GET", "/", guard.read(files::index)),
        // the dashboard's own pages: the same file, which reads the path
        new Route("GET", "/integrations/{identifier}", guard.read(files::index)),
        new Route("GET", "/kinds/{blueprint}/{identifier}", guard.read(files::index)),
        new Route("GET", "/entities/{blueprint}/{identifier}", guard.read(files::index)),
        new Route("GET", "/assets/**", guard.host(files::asset)),
        new Route("GET", "/webjars/**", guard.host(files::webjar)));
  }

  /** The checks that run before a route's handler: host, browser writes, read token. */
  private record Guarded(BrowserGuard browsers, BearerAuth reads) {
    Handler host(Handler h) {
      return request -> {
        browsers.checkHost(request);
        return h.handle(request);
      };
    }

    Handler read(Handler h) {
      return request -> {
        browsers.checkHost(request);
        reads.check(request);
        return h.handle(request);
      };
    }

    /** Writes: the token (write API) or signature (webhooks) is the handler's own check. */
    Handler write(Handler h) {
      return request -> {
        browsers.checkHost(request);
        browsers.checkWrite(request);
        return h.handle(request);
      };
    }
  }
}
