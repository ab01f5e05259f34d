package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/sync-status}: what each integration is doing, read from the {@code
 * integration_kind_phase_metrics} entities the reporter's payloads become (docs/catalog.md, "Runs
 * in progress"):
 *
 * <ul>
 *   <li>{@code SYNCING} while its {@code __runtime__} entity holds a run's {@code syncing}
 *       announcement that no final {@code __runtime__} of the same run followed; with the kinds
 *       done (their entity holds a payload of that run) of the kinds seen (of that run or the last
 *       finished one) and the time since the announcement arrived;
 *   <li>{@code STALLED} when it has been syncing for longer than {@code stalledFactor} times the
 *       last finished run's duration;
 *   <li>else the last run's state: {@code COMPLETED}, {@code FAILED} or {@code ABORTED};
 * </ul>
 *
 * and each kind's own state (its last payload's {@code sync_state}, upper case).
 *
 * <pre>{@code
 * GET /api/sync-status?integration=github-github-prod
 * }</pre>
 */
final class SyncStatus {
  static final String BLUEPRINT = "integration_kind_phase_metrics";

  /**
   * How far back in the {@code __runtime__} entity's history the last finished run is looked for.
   */
  private static final int HISTORY = 200;

  private static final int MAX_ENTITIES = 100_000;
  private static final String SYNCING = "syncing";

  private final EntityStore store;
  private final boolean available;
  private final double stalledFactor;
  private final Clock clock;

  SyncStatus(EntityStore store, WebhookMappings mappings, double stalledFactor, Clock clock) {
    this.store = store;
    this.available = mappings.blueprints().containsKey(BLUEPRINT);
    this.stalledFactor = stalledFactor;
    this.clock = clock;
  }

  Response handle(Request request) {
    String only = request.query().get("integration");
    ObjectNode body = HttpJson.object();
    body.put("stalledFactor", stalledFactor);
    ArrayNode list = body.putArray("integrations");
    if (available) {
      Map<String, List<StoredEntity>> byIntegration = new TreeMap<>();
      for (StoredEntity e : store.list(BLUEPRINT, MAX_ENTITIES)) {
        String integration = e.entity().relations().path("integration").asText("");
        if (!integration.isEmpty() && (only == null || only.equals(integration))) {
          byIntegration.computeIfAbsent(integration, k -> new ArrayList<>()).add(e);
        }
      }
      byIntegration.forEach((id, entities) -> list.add(integration(id, entities)));
    }
    return Response.json(200, body);
  }

  private ObjectNode integration(String identifier, List<StoredEntity> entities) {
    StoredEntity runtime = null;
    List<StoredEntity> kinds = new ArrayList<>();
    for (StoredEntity e : entities) {
      if (Payload.RUNTIME.equals(e.entity().properties().path("kind").asText())) {
        runtime = e;
      } else {
        kinds.add(e);
      }
    }
    ObjectNode out = HttpJson.object();
    out.put("identifier", identifier);
    JsonNode now = runtime == null ? HttpJson.object() : runtime.entity().properties();
    JsonNode last = runtime == null ? null : lastFinished(runtime);
    String lastEvent = last == null ? null : last.path("event_id").asText(null);
    String current =
        SYNCING.equals(now.path("sync_state").asText())
                && !now.path("event_id").asText("").equals(lastEvent)
            ? now.path("event_id").asText(null)
            : null;

    String state;
    if (runtime == null) {
      state = "UNKNOWN";
    } else if (current == null) {
      state = upper(last == null ? now.path("sync_state").asText("unknown") : stateOf(last));
    } else {
      state = "SYNCING";
    }
    Double stalledAfter = null;
    if (last != null && last.path("resync_duration_seconds").isNumber()) {
      stalledAfter = stalledFactor * last.path("resync_duration_seconds").asDouble();
    }
    if (current != null) {
      double elapsed =
          Math.max(0, Duration.between(runtime.updatedAt(), clock.now()).toMillis() / 1000.0);
      if (stalledAfter != null && elapsed > stalledAfter) {
        state = "STALLED";
      }
      ObjectNode run = out.putObject("run");
      run.put("eventId", current);
      run.put("startedAt", now.path("reported_at").asText(null));
      run.put("announcedAt", runtime.updatedAt().toString());
      run.put("elapsedSeconds", elapsed);
    } else {
      out.putNull("run");
    }
    out.put("state", state);

    String runOfKinds = current != null ? current : lastEvent;
    int done = 0;
    int seen = 0;
    ArrayNode kindList = HttpJson.array();
    kinds.sort(
        (a, b) ->
            Integer.compare(
                a.entity().properties().path("kind_index").asInt(),
                b.entity().properties().path("kind_index").asInt()));
    for (StoredEntity k : kinds) {
      JsonNode p = k.entity().properties();
      String event = p.path("event_id").asText("");
      boolean inCurrent = current != null && current.equals(event);
      boolean inLast = lastEvent != null && lastEvent.equals(event);
      if (event.equals(runOfKinds)) {
        done++;
      }
      if (inCurrent || inLast) {
        seen++;
      }
      ObjectNode kind = kindList.addObject();
      kind.put(
          "kindIdentifier",
          Payload.kindIdentifier(p.path("kind").asText(), p.path("kind_index").asInt()));
      kind.put("kind", p.path("kind").asText());
      kind.put("kindIndex", p.path("kind_index").asInt());
      kind.put("state", upper(p.path("sync_state").asText("unknown")));
      kind.put("eventId", event);
      kind.put("inCurrentRun", inCurrent);
      kind.put("inLastRun", inLast);
      kind.put("reportedAt", p.path("reported_at").asText(null));
    }
    out.put("kindsDone", done);
    out.put("kindsSeen", current != null ? seen : done);
    if (last == null) {
      out.putNull("lastRun");
    } else {
      ObjectNode lr = out.putObject("lastRun");
      lr.put("eventId", lastEvent);
      lr.put("state", upper(stateOf(last)));
      lr.set("durationSeconds", last.path("resync_duration_seconds"));
      lr.put("endedAt", last.path("reported_at").asText(null));
    }
    if (stalledAfter == null) {
      out.putNull("stalledAfterSeconds");
    } else {
      out.put("stalledAfterSeconds", stalledAfter);
    }
    out.set("kinds", kindList);
    return out;
  }

  /** The properties of the newest point of {@code __runtime__} that is not an announcement. */
  private JsonNode lastFinished(StoredEntity runtime) {
    JsonNode p = runtime.entity().properties();
    if (!SYNCING.equals(p.path("sync_state").asText())) {
      return p;
    }
    for (HistoryPoint h :
        store.history(runtime.entity().blueprint(), runtime.entity().identifier(), HISTORY)) {
      if (!SYNCING.equals(h.properties().path("sync_state").asText())) {
        return h.properties();
      }
    }
    return null;
  }

  /** A finished run's state; payloads from before per-kind states name it by success. */
  private static String stateOf(JsonNode run) {
    String s = run.path("sync_state").asText("");
    if (!s.isEmpty()) {
      return s;
    }
    return run.path("success").asBoolean() ? Payload.COMPLETED : Payload.FAILED;
  }

  private static String upper(String state) {
    return state.toUpperCase(Locale.ROOT);
  }
}
