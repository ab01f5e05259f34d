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
import java.time.format.DateTimeParseException;
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
 * integration is {@code SYNCING} (or {@code STALLED}, see {@link StallRule}), with the kinds done
 * in that run of the kinds seen (those of the last finished run, and any stored since it ended);
 * its last finished run is the newest {@code __runtime__} history point with another state. An
 * announcement stored after its own run's end, or made before the last finished run ended, is not a
 * run under way: the integration then shows that last finished run.
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
    Past past = runtime == null ? null : past(runtime);
    if (past != null && past.underWay()) {
      status = syncing(node, runtime, past.lastFinished(), rows, now);
    } else if (runtime != null && runtime.status() != Status.SYNCING) {
      status = runtime.status();
      node.set(
          "lastRun",
          lastRun(runtime.eventId(), status, runtime.updatedAt(), runtime.resyncSeconds()));
    } else if (past != null && past.lastFinished() != null) {
      // an announcement stored after its run (or a later one) ended: the run that ended counts
      HistoryPoint last = past.lastFinished();
      status = runtime.fields().status(last.properties());
      node.set(
          "lastRun",
          lastRun(
              KindFields.text(last.properties(), "event_id"),
              status,
              last.recordedAt(),
              runtime.fields().resyncSeconds(last.properties())));
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
      ObjectNode node, KindRow runtime, HistoryPoint last, List<KindRow> rows, Instant now) {
    String event = runtime.eventId();
    String lastEvent = last == null ? null : KindFields.text(last.properties(), "event_id");
    int done = 0;
    int seen = 0;
    for (KindRow r : rows) {
      if (r.isRuntime()) {
        continue;
      }
      boolean inRun = event != null && event.equals(r.eventId());
      done += inRun ? 1 : 0;
      seen += inRun || seenSince(r, last, lastEvent) ? 1 : 0;
    }
    Instant started = runtime.updatedAt();
    Duration elapsed = Duration.between(started, now);
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    Duration stallAfter = null;
    if (last != null) {
      Double seconds = runtime.fields().resyncSeconds(last.properties());
      node.set(
          "lastRun",
          lastRun(
              lastEvent, runtime.fields().status(last.properties()), last.recordedAt(), seconds));
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

  /**
   * Whether a kind not yet done in the run under way counts as seen: it is of the last finished
   * run, or was stored after that run ended (by a run that never finished). With no finished run
   * (or one that names no event) every stored kind counts; a kind last reported before the last
   * finished run, which did not report it, is no longer expected.
   */
  private static boolean seenSince(KindRow kind, HistoryPoint last, String lastEvent) {
    return last == null
        || lastEvent == null
        || lastEvent.equals(kind.eventId())
        || !kind.updatedAt().isBefore(last.recordedAt());
  }

  /**
   * What the {@code __runtime__} history says of a row holding an announcement: the newest finished
   * point (or null), and whether the announcement is of a run under way. It is not when a finished
   * point of the same run is in the history (the announcement was stored after the run's end:
   * delivered out of order, or again once its key was pruned), nor when the run was announced
   * before the last finished run ended (a killed run's announcement delivered by a later process).
   */
  private record Past(HistoryPoint lastFinished, boolean underWay) {}

  private Past past(KindRow runtime) {
    if (runtime.status() != Status.SYNCING) {
      return new Past(null, false);
    }
    KindFields fields = runtime.fields();
    String event = runtime.eventId();
    HistoryPoint last = null;
    boolean ended = false;
    for (HistoryPoint p :
        store.history(runtime.entity().blueprint(), runtime.identifier(), LOOK_BACK)) {
      if (fields.status(p.properties()) != Status.SYNCING) {
        last = last == null ? p : last;
        ended |= event != null && event.equals(KindFields.text(p.properties(), "event_id"));
      }
    }
    if (last != null) {
      Instant announced = instant(fields.lastSyncAt(runtime.properties()));
      Instant lastEnded = instant(fields.lastSyncAt(last.properties()));
      ended |= announced != null && lastEnded != null && announced.isBefore(lastEnded);
    }
    return new Past(last, !ended);
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
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
