package dev.syncmetrics.internal.metrics;

import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.record.CustomValue;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a run into the complete metric families of one Pushgateway group (docs/metrics.md). Every
 * family is complete: a push replaces the whole group, so a kind no longer synced disappears. When
 * a run starts, {@link #startFamilies} are the two families the start push adds to the group.
 */
public final class PushgatewayMetrics {
  private static final List<String> KIND = List.of("kind", "kind_index");
  private static final List<String> KIND_PHASE = List.of("kind", "kind_index", "phase");
  private static final List<String> KIND_STATE = List.of("kind", "kind_index", "state");
  private static final List<String> KIND_PHASE_TYPE =
      List.of("kind", "kind_index", "phase", "object_count_type");

  private PushgatewayMetrics() {}

  private static final String RUNS_HELP =
      "Runs of this reporter process by state: completed, failed, aborted; running while under way.";
  private static final String START_HELP =
      "When the integration's run under way (or, once it ended, its last run) started, in Unix"
          + " seconds.";

  /**
   * What the start of a run adds to its group (one POST, which replaces only these families): the
   * runs by state, {@code running} included, and the start time.
   */
  public static List<MetricFamilySamples> startFamilies(RunSnapshot syncing, PushState state) {
    return List.of(runs(state), startTime(syncing));
  }

  private static MetricFamilySamples runs(PushState state) {
    List<Sample> runs = new ArrayList<>();
    state
        .runs()
        .forEach((s, n) -> runs.add(new Sample("sync_runs", List.of("state"), List.of(s), n)));
    return gauge("sync_runs", RUNS_HELP, runs);
  }

  private static MetricFamilySamples startTime(RunSnapshot run) {
    return gauge(
        "sync_run_start_timestamp_seconds",
        START_HELP,
        List.of(
            new Sample(
                "sync_run_start_timestamp_seconds",
                List.of(),
                List.of(),
                run.startedAt().toEpochMilli() / 1000.0)));
  }

  public static List<MetricFamilySamples> families(RunSnapshot run, PushState state) {
    List<KindSnapshot> all = new ArrayList<>(run.kinds());
    all.add(run.runtime());
    double reportedAt = run.reportedAt().toEpochMilli() / 1000.0;

    List<Sample> counts = new ArrayList<>();
    List<Sample> durations = new ArrayList<>();
    List<Sample> success = new ArrayList<>();
    List<Sample> states = new ArrayList<>();
    List<Sample> memory = new ArrayList<>();
    List<Sample> lastRun = new ArrayList<>();
    List<Sample> lastSuccess = new ArrayList<>();
    Map<String, List<Sample>> custom = new LinkedHashMap<>();
    Map<String, String> customHelp = new LinkedHashMap<>();

    for (KindSnapshot k : all) {
      String kind = k.kind();
      String index = k.isRuntime() ? "" : Integer.toString(k.index());
      if (!k.isRuntime()) {
        for (Phase p : Phase.values()) {
          for (String type : p.countTypes()) {
            count(counts, kind, index, p.label(), type, k.count(p, type));
          }
        }
      }
      for (Phase p : Phase.values()) {
        durations.add(
            new Sample(
                "sync_duration_seconds",
                KIND_PHASE,
                List.of(kind, index, p.label()),
                k.duration(p)));
        if (k.memory(p) >= 0) {
          memory.add(
              new Sample(
                  "sync_memory_usage_bytes",
                  KIND_PHASE,
                  List.of(kind, index, p.label()),
                  k.memory(p)));
        }
      }
      success.add(new Sample("sync_success", KIND, List.of(kind, index), k.success() ? 1 : 0));
      states.add(new Sample("sync_state", KIND_STATE, List.of(kind, index, k.state()), 1));
      lastRun.add(
          new Sample("sync_last_run_timestamp_seconds", KIND, List.of(kind, index), reportedAt));
      Double last = state.lastSuccess(k.kindIdentifier());
      if (last != null) {
        lastSuccess.add(
            new Sample("sync_last_success_timestamp_seconds", KIND, List.of(kind, index), last));
      }
      for (CustomValue v : k.custom()) {
        List<String> names = new ArrayList<>(KIND_PHASE);
        names.addAll(v.labelNames());
        List<String> values = new ArrayList<>(List.of(kind, index, v.phase()));
        values.addAll(v.labelValues());
        custom
            .computeIfAbsent(v.name(), n -> new ArrayList<>())
            .add(new Sample(v.name(), names, values, v.value()));
        customHelp.putIfAbsent(v.name(), v.help());
      }
    }

    List<MetricFamilySamples> families = new ArrayList<>();
    families.add(
        gauge("sync_object_count", "Objects per kind, phase and outcome in the last run.", counts));
    families.add(
        gauge(
            "sync_duration_seconds",
            "Time spent per kind and phase in the last run; phase resync is the kind's whole sync.",
            durations));
    families.add(
        gauge(
            "sync_success",
            "1 when the kind (or, for kind __runtime__, the whole run) succeeded in the last run, else 0.",
            success));
    families.add(
        gauge(
            "sync_state",
            "1 for the state of the kind in the last run (completed, failed, aborted); for kind"
                + " __runtime__ the whole run's.",
            states));
    if (!memory.isEmpty()) {
      families.add(
          gauge("sync_memory_usage_bytes", "Heap in use at the end of the phase.", memory));
    }
    families.add(
        gauge(
            "sync_last_run_timestamp_seconds",
            "When the last run of the kind ended, in Unix seconds.",
            lastRun));
    if (!lastSuccess.isEmpty()) {
      families.add(
          gauge(
              "sync_last_success_timestamp_seconds",
              "When the last successful run of the kind ended, in Unix seconds.",
              lastSuccess));
    }
    families.add(runs(state));
    families.add(startTime(run));
    families.add(
        gauge(
            "syncmetrics_info",
            "The reporter's version, the integration's version and the Java version.",
            List.of(
                new Sample(
                    "syncmetrics_info",
                    List.of("version", "integration_version", "java_version"),
                    List.of(
                        Version.VERSION,
                        run.integrationVersion(),
                        System.getProperty("java.version", "")),
                    1))));
    custom.forEach((name, samples) -> families.add(gauge(name, customHelp.get(name), samples)));
    addSpool(families, state);
    return families;
  }

  /** What became of undelivered webhook payloads (docs/reliability.md). */
  private static void addSpool(List<MetricFamilySamples> families, PushState state) {
    if (state.spoolWaiting() >= 0) {
      families.add(
          gauge(
              "syncmetrics_spool_payloads",
              "Webhook payloads waiting in the spool for redelivery, counted when this report started.",
              List.of(
                  new Sample(
                      "syncmetrics_spool_payloads", List.of(), List.of(), state.spoolWaiting()))));
    }
    List<Sample> dropped = new ArrayList<>();
    state
        .dropped()
        .forEach(
            (reason, n) ->
                dropped.add(
                    new Sample(
                        "syncmetrics_spool_dropped_payloads",
                        List.of("reason"),
                        List.of(reason),
                        n)));
    families.add(
        gauge(
            "syncmetrics_spool_dropped_payloads",
            "Undelivered webhook payloads this process gave up, by reason: full (oldest pushed out of the spool's"
                + " bounds), corrupt (spool file moved aside), unwritable (could not be spooled in time).",
            dropped));
    families.add(
        gauge(
            "syncmetrics_webhook_rejected_payloads",
            "Webhook payloads this process's target refused for good (HTTP 400, 413, 415, 422).",
            List.of(
                new Sample(
                    "syncmetrics_webhook_rejected_payloads",
                    List.of(),
                    List.of(),
                    state.rejected()))));
  }

  private static void count(
      List<Sample> out, String kind, String index, String phase, String type, long n) {
    out.add(new Sample("sync_object_count", KIND_PHASE_TYPE, List.of(kind, index, phase, type), n));
  }

  private static MetricFamilySamples gauge(String name, String help, List<Sample> samples) {
    return new MetricFamilySamples(name, Collector.Type.GAUGE, help, samples);
  }
}
