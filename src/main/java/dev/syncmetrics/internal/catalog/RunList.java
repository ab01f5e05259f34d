package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.store.HistoryEntry;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An integration's runs, newest first, rebuilt from history: each {@code __runtime__} point says
 * when a run started ({@code syncing}) or how it ended, and each kind's point carries the run's
 * {@code event_id} and the kind's own state.
 *
 * <pre>{@code
 * RunList runs = new RunList(KindFields.PHASE, currentEvent, Status.SYNCING);
 * runs.runtime(runtimePoints);   // newest first
 * runs.kinds(kindPoints);        // any order
 * ArrayNode json = runs.toJson(50);
 * }</pre>
 */
final class RunList {
  private final KindFields fields;
  private final String currentEvent;
  private final Status currentStatus;
  private final Map<String, Run> runs = new LinkedHashMap<>();

  /**
   * @param currentEvent the event of a run under way, or null
   * @param currentStatus its status ({@code SYNCING} or {@code STALLED})
   */
  RunList(KindFields fields, String currentEvent, Status currentStatus) {
    this.fields = fields;
    this.currentEvent = currentEvent;
    this.currentStatus = currentStatus;
  }

  private static final class Run {
    final String eventId;
    Instant startedAt;
    Instant finishedAt;
    Status status;
    Double seconds;
    final Map<String, HistoryEntry> kinds = new LinkedHashMap<>();

    Run(String eventId) {
      this.eventId = eventId;
    }

    Instant sortKey() {
      if (startedAt != null) {
        return startedAt;
      }
      if (finishedAt != null) {
        return finishedAt;
      }
      return kinds.values().stream()
          .map(k -> k.point().recordedAt())
          .min(Comparator.naturalOrder())
          .orElse(Instant.EPOCH);
    }
  }

  /** Adds {@code __runtime__} history points. */
  void runtime(List<HistoryPoint> points) {
    for (HistoryPoint p : points) {
      String event = KindFields.text(p.properties(), "event_id");
      if (event == null) {
        continue;
      }
      Run run = runs.computeIfAbsent(event, Run::new);
      Status status = fields.status(p.properties());
      if (status == Status.SYNCING) {
        run.startedAt =
            run.startedAt == null || p.recordedAt().isBefore(run.startedAt)
                ? p.recordedAt()
                : run.startedAt;
      } else if (run.finishedAt == null || p.recordedAt().isAfter(run.finishedAt)) {
        run.finishedAt = p.recordedAt();
        run.status = status;
        run.seconds = fields.resyncSeconds(p.properties());
      }
    }
  }

  /** The events seen so far, to fetch their kinds' points. */
  List<String> events() {
    return List.copyOf(runs.keySet());
  }

  /**
   * Adds kind history points; with {@code openEvents} false, only those of runs already added. The
   * last point of each kind in a run counts.
   */
  void kinds(List<HistoryEntry> points, boolean openEvents) {
    for (HistoryEntry e : points) {
      String event = KindFields.text(e.point().properties(), "event_id");
      if (event == null || (!openEvents && !runs.containsKey(event))) {
        continue;
      }
      Run run = runs.computeIfAbsent(event, Run::new);
      HistoryEntry before = run.kinds.get(e.identifier());
      if (before == null || !e.point().recordedAt().isBefore(before.point().recordedAt())) {
        run.kinds.put(e.identifier(), e);
      }
    }
  }

  /** At most {@code limit} runs, newest first. */
  ArrayNode toJson(int limit) {
    List<Run> ordered = new ArrayList<>(runs.values());
    ordered.sort(Comparator.comparing(Run::sortKey).reversed());
    ArrayNode out = HttpJson.array();
    for (Run run : ordered.subList(0, Math.min(limit, ordered.size()))) {
      out.add(json(run));
    }
    return out;
  }

  private ObjectNode json(Run run) {
    Status status = run.status;
    if (status == null) {
      status = run.eventId.equals(currentEvent) ? currentStatus : Status.UNKNOWN;
    }
    Instant started = run.startedAt;
    if (started == null && run.finishedAt != null && run.seconds != null) {
      started = run.finishedAt.minusMillis(Math.round(run.seconds * 1000));
    }
    ObjectNode node = HttpJson.object();
    node.put("eventId", run.eventId);
    node.put("status", status.name());
    node.put("startedAt", started == null ? null : started.toString());
    node.put("finishedAt", run.finishedAt == null ? null : run.finishedAt.toString());
    node.put("durationSeconds", run.seconds);
    int ok = 0;
    int failed = 0;
    int aborted = 0;
    ArrayNode failures = HttpJson.array();
    for (HistoryEntry k : run.kinds.values()) {
      Status s = fields.status(k.point().properties());
      if (s == Status.SUCCESS) {
        ok++;
      } else if (s == Status.ABORTED) {
        aborted++;
      } else {
        failed++;
      }
      if (s != Status.SUCCESS) {
        ObjectNode counts = fields.counts(k.point().properties());
        failures
            .addObject()
            .put("identifier", k.identifier())
            .put("kind", KindFields.text(k.point().properties(), "kind"))
            .put("status", s.name())
            .set("counts", counts);
      }
    }
    node.put("kindsReported", run.kinds.size());
    node.put("kindsOk", ok);
    node.put("kindsFailed", failed);
    node.put("kindsAborted", aborted);
    node.set("failures", failures);
    return node;
  }
}
