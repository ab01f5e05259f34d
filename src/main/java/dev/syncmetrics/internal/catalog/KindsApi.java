package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.HistoryEntry;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The dashboard's kind routes: {@code GET /api/kinds}, one page of kinds filtered on the server
 * with each kind's duration trend in the same answer, and {@code GET /api/kinds/{blueprint}/{id}},
 * one kind's counts and durations over a time range.
 */
final class KindsApi {
  /** Points per kind in a list's trend: a sparkline's worth. */
  static final int TREND_POINTS = 60;

  /** Points in one kind's series over a range; the run table lists up to {@link #RUNS} more. */
  static final int SERIES_POINTS = 240;

  static final int RUNS = 50;

  private final KindSource kinds;
  private final EntityStore store;
  private final Clock clock;

  KindsApi(KindSource kinds, EntityStore store, Clock clock) {
    this.kinds = kinds;
    this.store = store;
    this.clock = clock;
  }

  /** {@code GET /api/kinds?integration=&status=&q=&offset=&limit=&range=}. */
  Response list(Request request) {
    TimeRange range = TimeRange.of(request, clock);
    KindQuery query = KindQuery.of(request);
    List<KindRow> all = kinds.rows().stream().filter(r -> !r.isRuntime()).toList();
    Map<String, Integer> statuses = new LinkedHashMap<>();
    Status.names().forEach(s -> statuses.put(s, 0));
    TreeSet<String> integrations = new TreeSet<>();
    for (KindRow r : all) {
      if (r.integration() != null) {
        integrations.add(r.integration());
      }
      if (query.matchesAllButStatus(r)) {
        statuses.merge(r.status().name(), 1, Integer::sum);
      }
    }
    List<KindRow> matched = all.stream().filter(query::matches).toList();
    List<KindRow> page =
        matched.subList(
            Math.min(query.offset(), matched.size()),
            Math.min(matched.size(), query.offset() + query.limit()));
    Map<String, ArrayNode> trends = trends(page, range);

    ObjectNode body = HttpJson.object();
    body.put("blueprint", kinds.fields() == null ? null : kinds.fields().blueprint());
    body.put("total", all.size());
    body.put("matched", matched.size());
    body.put("offset", query.offset());
    body.put("limit", query.limit());
    body.set("range", range.toJson());
    ArrayNode rows = body.putArray("kinds");
    for (KindRow r : page) {
      ObjectNode row = r.toJson();
      row.set("trend", trends.getOrDefault(r.identifier(), HttpJson.array()));
      rows.add(row);
    }
    ArrayNode names = body.putArray("integrations");
    integrations.forEach(names::add);
    ObjectNode counts = body.putObject("statuses");
    statuses.forEach(counts::put);
    return Response.json(200, body);
  }

  /** Each kind's {@code [{"t": epoch millis, "seconds": resync duration}]}, oldest first. */
  private Map<String, ArrayNode> trends(List<KindRow> page, TimeRange range) {
    Map<String, ArrayNode> out = new LinkedHashMap<>();
    if (page.isEmpty()) {
      return out;
    }
    KindFields fields = kinds.fields();
    List<String> ids = page.stream().map(KindRow::identifier).toList();
    for (HistoryEntry e :
        store.histories(fields.blueprint(), ids, range.since(), range.until(), TREND_POINTS)) {
      out.computeIfAbsent(e.identifier(), id -> HttpJson.array())
          .addObject()
          .put("t", e.point().recordedAt().toEpochMilli())
          .put("seconds", fields.resyncSeconds(e.point().properties()));
    }
    return out;
  }

  /** {@code GET /api/kinds/{blueprint}/{identifier}?range=}. */
  Response one(Request request) {
    String blueprint = request.pathParam("blueprint");
    String identifier = request.pathParam("identifier");
    KindFields fields = KindFields.of(blueprint);
    if (fields == null) {
      throw HttpError.notFound("no kind blueprint '" + blueprint + "'");
    }
    StoredEntity stored =
        store
            .get(blueprint, identifier)
            .orElseThrow(
                () ->
                    HttpError.notFound(
                        "no entity '" + identifier + "' in blueprint '" + blueprint + "'"));
    TimeRange range = TimeRange.of(request, clock);
    ObjectNode body = HttpJson.object();
    body.set("kind", KindRow.of(fields, stored).toJson());
    body.set("range", range.toJson());
    ArrayNode series = body.putArray("series");
    for (HistoryEntry e :
        store.histories(
            blueprint, List.of(identifier), range.since(), range.until(), SERIES_POINTS)) {
      series.add(point(fields, e.point()));
    }
    ArrayNode runs = body.putArray("runs");
    for (HistoryPoint p :
        store.history(blueprint, identifier, range.since(), range.until(), RUNS)) {
      runs.add(point(fields, p));
    }
    return Response.json(200, body);
  }

  /** One history point of a kind: when, its state and run, every count and duration. */
  static ObjectNode point(KindFields fields, HistoryPoint p) {
    ObjectNode node = HttpJson.object();
    node.put("t", p.recordedAt().toEpochMilli());
    node.put("recordedAt", p.recordedAt().toString());
    node.put("status", fields.status(p.properties()).name());
    node.put("eventId", KindFields.text(p.properties(), "event_id"));
    node.set("counts", fields.counts(p.properties()));
    node.set("seconds", fields.seconds(p.properties()));
    return node;
  }
}
