package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard's integration routes: {@code GET /api/integrations} (every integration with its
 * state), {@code GET /api/integrations/{id}} (one, with its entity) and {@code GET
 * /api/integrations/{id}/runs} (its runs in a time range, newest first).
 */
final class IntegrationsApi {
  static final int DEFAULT_RUNS = 50;
  static final int MAX_RUNS = 500;

  /**
   * How long before a run's first {@code __runtime__} point its kinds' points are looked for: kinds
   * reported at the end of a run may be stored just before its {@code __runtime__}.
   */
  static final Duration KIND_SLACK = Duration.ofMinutes(10);

  private final IntegrationStates states;
  private final KindSource kinds;
  private final EntityStore store;
  private final StallRule rule;
  private final Clock clock;

  IntegrationsApi(
      IntegrationStates states, KindSource kinds, EntityStore store, StallRule rule, Clock clock) {
    this.states = states;
    this.kinds = kinds;
    this.store = store;
    this.rule = rule;
    this.clock = clock;
  }

  /** {@code GET /api/integrations}. */
  Response list(Request request) {
    ObjectNode body = HttpJson.object();
    ArrayNode list = body.putArray("integrations");
    states.all().forEach(list::add);
    body.putObject("stall")
        .put("factor", rule.factor())
        .put("minimumSeconds", rule.minimum().toMillis() / 1000.0);
    body.put("now", clock.now().toString());
    return Response.json(200, body);
  }

  /** {@code GET /api/integrations/{id}}. */
  Response one(Request request) {
    return Response.json(200, existing(request.pathParam("identifier")));
  }

  /** {@code GET /api/integrations/{id}/runs?range=&limit=}. */
  Response runs(Request request) {
    String id = request.pathParam("identifier");
    ObjectNode view = existing(id);
    TimeRange range = TimeRange.of(request, clock);
    int limit = request.intParam("limit", DEFAULT_RUNS, MAX_RUNS);
    ObjectNode body = HttpJson.object();
    body.put("integration", id);
    body.set("range", range.toJson());
    KindFields fields = kinds.fields();
    if (fields == null) {
      body.putArray("runs");
      return Response.json(200, body);
    }
    String current =
        view.path("run").path("eventId").isTextual()
            ? view.path("run").path("eventId").asText()
            : null;
    RunList runs = new RunList(fields, current, Status.valueOf(view.path("status").asText()));
    List<String> kindIds =
        kinds.rows().stream()
            .filter(r -> id.equals(r.integration()) && !r.isRuntime())
            .map(KindRow::identifier)
            .toList();
    String runtime = view.path("runtime").isTextual() ? view.path("runtime").asText() : null;
    Instant kindsSince = range.since();
    boolean openEvents = true;
    if (runtime != null) {
      // two points per run (start and end) and some slack for runs that never ended
      List<HistoryPoint> points =
          store.history(fields.blueprint(), runtime, range.since(), range.until(), limit * 2 + 10);
      runs.runtime(points);
      if (!points.isEmpty()) {
        Instant oldest = points.get(points.size() - 1).recordedAt().minus(KIND_SLACK);
        kindsSince = oldest.isAfter(kindsSince) ? oldest : kindsSince;
        openEvents = false;
      }
    }
    runs.kinds(
        store.histories(fields.blueprint(), kindIds, kindsSince, range.until(), 0), openEvents);
    body.set("runs", runs.toJson(limit));
    return Response.json(200, body);
  }

  private ObjectNode existing(String id) {
    ObjectNode view = states.one(id);
    if (view == null) {
      throw HttpError.notFound("no integration '" + id + "'");
    }
    return view;
  }
}
