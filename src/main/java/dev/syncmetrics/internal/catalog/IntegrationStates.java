package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each integration is doing, from what the catalog stores: the seed guide's {@code
 * integration} entity, and the integration's {@code __runtime__} and kind rows of {@code
 * integration_kind_phase_metrics}.
 *
 * <p>The guide's {@code runtime-status} mapping turns every {@code __runtime__} payload into the
 * {@code integration} entity, and the {@code syncing} one sent when a run starts has success 0, so
 * that entity says {@code FAILED} while a run is under way. A run under way is therefore told from
 * the {@code __runtime__} row instead: while its {@code sync_state} is {@code syncing} the
 * integration is {@code SYNCING} (or {@code STALLED}, see {@link StallRule}); its last finished run
 * is the newest {@code __runtime__} history point with another state.
 *
 * <pre>{@code
 * List<ObjectNode> rows = new IntegrationStates(mappings, store, kinds, rule, clock).all();
 * }</pre>
 */
final class IntegrationStates {
  static final String BLUEPRINT = "integration";

  /** How far back in a {@code __runtime__} history the last finished run is looked for. */
  static final int LOOK_BACK = 20;

  private final boolean hasIntegrations;
  private final EntityStore store;
  private final KindSource kinds;
  private final StallRule rule;
  private final Clock clock;

  IntegrationStates(
      WebhookMappings mappings, EntityStore store, KindSource kinds, StallRule rule, Clock clock) {
    this.hasIntegrations = mappings.blueprints().containsKey(BLUEPRINT);
    this.store = store;
    this.kinds = kinds;
    this.rule = rule;
    this.clock = clock;
  }

  /** Every integration, by identifier. */
  List<ObjectNode> all() {
    Map<String, StoredEntity> entities = new TreeMap<>();
    if (hasIntegrations) {
      store
          .list(BLUEPRINT, Integer.MAX_VALUE)
          .forEach(e -> entities.put(e.entity().identifier(), e));
    }
    Map<String, List<KindRow>> rows = byIntegration(kinds.rows());
    TreeMap<String, Boolean> ids = new TreeMap<>();
    entities.keySet().forEach(id -> ids.put(id, true));
    rows.keySet().forEach(id -> ids.put(id, true));
    List<ObjectNode> out = new ArrayList<>();
    Instant now = clock.now();
    for (String id : ids.keySet()) {
      out.add(view(id, entities.get(id), rows.getOrDefault(id, List.of()), now));
    }
    return out;
  }

  /** One integration, or null when the catalog knows nothing of it. */
  ObjectNode one(String id) {
    StoredEntity entity = hasIntegrations ? store.get(BLUEPRINT, id).orElse(null) : null;
    List<KindRow> rows = kinds.rows().stream().filter(r -> id.equals(r.integration())).toList();
    if (entity == null && rows.isEmpty()) {
      return null;
    }
    ObjectNode view = view(id, entity, rows, clock.now());
    view.set("entity", entity == null ? null : EntityJson.stored(entity));
    return view;
  }

  private static Map<String, List<KindRow>> byIntegration(List<KindRow> rows) {
    Map<String, List<KindRow>> out = new LinkedHashMap<>();
    for (KindRow r : rows) {
      if (r.integration() != null) {
        out.computeIfAbsent(r.integration(), k -> new ArrayList<>()).add(r);
      }
    }
    return out;
  }

  private ObjectNode view(String id, StoredEntity entity, List<KindRow> rows, Instant now) {
    KindRow runtime = null;
    int kindsSeen = 0;
    int kindsFailed = 0;
    for (KindRow r : rows) {
      if (r.isRuntime()) {
        runtime = r;
      } else {
        kindsSeen++;
        kindsFailed += r.status().isFailure() ? 1 : 0;
      }
    }
    ObjectNode node = HttpJson.object();
    node.put("identifier", id);
    node.put(
        "title", entity != null && entity.entity().title() != null ? entity.entity().title() : id);
    node.put("kinds", kindsSeen);
    node.put("kindsFailed", kindsFailed);
    node.put("runtime", runtime == null ? null : runtime.identifier());
    Status status;
    if (runtime != null && runtime.status() == Status.SYNCING) {
      status = syncing(node, runtime, rows, kindsSeen, now);
    } else if (runtime != null) {
      status = runtime.status();
      node.set(
          "lastRun",
          lastRun(runtime.eventId(), status, runtime.updatedAt(), runtime.resyncSeconds()));
    } else if (entity != null) {
      ObjectNode p = entity.entity().properties();
      status = Status.of(null, null, KindFields.text(p, "last_resync_completion_status"));
      JsonNode seconds = p.get("last_resync_duration");
      node.set(
          "lastRun",
          lastRun(
              null,
              status,
              entity.updatedAt(),
              seconds != null && seconds.isNumber() ? seconds.asDouble() : null));
    } else {
      status = Status.UNKNOWN;
    }
    node.put("status", status.name());
    return node;
  }

  /** Fills {@code run} (and {@code lastRun} when known) and says SYNCING or STALLED. */
  private Status syncing(
      ObjectNode node, KindRow runtime, List<KindRow> rows, int seen, Instant now) {
    String event = runtime.eventId();
    int done = 0;
    for (KindRow r : rows) {
      if (!r.isRuntime() && event != null && event.equals(r.eventId())) {
        done++;
      }
    }
    Instant started = runtime.updatedAt();
    Duration elapsed = Duration.between(started, now);
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    HistoryPoint last = lastFinished(runtime);
    Duration stallAfter = null;
    if (last != null) {
      Double seconds = runtime.fields().resyncSeconds(last.properties());
      node.set(
          "lastRun",
          lastRun(
              KindFields.text(last.properties(), "event_id"),
              runtime.fields().status(last.properties()),
              last.recordedAt(),
              seconds));
      if (seconds != null) {
        stallAfter = rule.after(Duration.ofMillis(Math.round(seconds * 1000)));
      }
    }
    ObjectNode run = node.putObject("run");
    run.put("eventId", event);
    run.put("startedAt", started.toString());
    run.put("elapsedSeconds", elapsed.toMillis() / 1000.0);
    run.put("kindsDone", done);
    run.put("kindsSeen", Math.max(seen, done));
    run.put("stalledAfterSeconds", stallAfter == null ? null : stallAfter.toMillis() / 1000.0);
    return stallAfter != null && elapsed.compareTo(stallAfter) > 0
        ? Status.STALLED
        : Status.SYNCING;
  }

  private HistoryPoint lastFinished(KindRow runtime) {
    for (HistoryPoint p :
        store.history(runtime.entity().blueprint(), runtime.identifier(), LOOK_BACK)) {
      if (runtime.fields().status(p.properties()) != Status.SYNCING) {
        return p;
      }
    }
    return null;
  }

  private static ObjectNode lastRun(String eventId, Status status, Instant at, Double seconds) {
    ObjectNode run = HttpJson.object();
    run.put("eventId", eventId);
    run.put("status", status.name());
    run.put("finishedAt", at.toString());
    run.put("durationSeconds", seconds);
    return run;
  }
}
