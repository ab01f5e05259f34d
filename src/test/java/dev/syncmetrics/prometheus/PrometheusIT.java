package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.ProjectDir;
import dev.syncmetrics.testing.PrometheusProcess;
import dev.syncmetrics.testing.PrometheusTestConfig;
import dev.syncmetrics.testing.PushgatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus side end to end: the reporter pushes two syncs of one integration to a
 * real Pushgateway, a real Prometheus scrapes it with the shipped scrape job and evaluates the
 * shipped alert rules, and the shipped Grafana queries run against it.
 *
 * <p>Run 1 syncs kinds repository (index 0) and pull-request (index 1) successfully; run 2 syncs
 * repository again and fails pull-request. The reporter's clock is a {@link FakeClock}, so every
 * duration and timestamp Prometheus returns is known exactly.
 */
class PrometheusIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String GROUP =
      "job=\"sync\", integration_type=\"github\", integration_identifier=\"github-prod\"";
  private static final long HEAP = 52_428_800L;
  private static final String REPOS_LOADED =
      "sync_object_count{" + GROUP + ", kind=\"repository\", object_count_type=\"loaded\"}";

  private static PushgatewayProcess pushgateway;
  private static PrometheusProcess prometheus;
  private static SyncReporter reporter;
  private static FakeClock clock;
  private static long baseMillis;
  private static List<String> alertsAfterRun1;

  @BeforeAll
  static void twoSyncsReachPrometheus() throws Exception {
    pushgateway = PushgatewayProcess.startOnFreePort();
    String config =
        PrometheusTestConfig.from(
            ProjectDir.resolve("docs/prometheus/prometheus.yml"),
            "127.0.0.1:" + pushgateway.port(),
            "1s");
    prometheus = PrometheusProcess.startOnFreePort(config);

    baseMillis = System.currentTimeMillis();
    clock = new FakeClock(Instant.ofEpochMilli(baseMillis));
    reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-prod", "1.4.0")
                    .pushgatewayUrl(pushgateway.baseUrl())
                    .job("sync")
                    .timeout(Duration.ofSeconds(20))
                    .spoolDir(Files.createTempDirectory("spool"))
                    .build())
            .clock(clock)
            .heapProbe(() -> HEAP)
            .build();

    // run 1, from 0 s to 6.0 s: both kinds succeed
    try (SyncRun run = reporter.startRun()) {
      KindRecorder repos = run.kind("repository", 0);
      phase(repos, Phase.EXTRACT, 1200, () -> repos.extracted(120));
      phase(
          repos,
          Phase.TRANSFORM,
          300,
          () -> {
            repos.transformed(118);
            repos.filteredOut(1);
            repos.transformFailed(1);
          });
      phase(
          repos,
          Phase.LOAD,
          2100,
          () -> {
            repos.loaded(117);
            repos.loadFailed(1);
          });
      phase(repos, Phase.DELETE, 500, () -> repos.deleted(3));
      repos.complete();
      KindRecorder pulls = run.kind("pull-request", 1);
      phase(pulls, Phase.EXTRACT, 800, () -> pulls.extracted(40));
      phase(pulls, Phase.TRANSFORM, 100, () -> pulls.transformed(40));
      phase(pulls, Phase.LOAD, 1000, () -> pulls.loaded(40));
      pulls.complete();
      assertPushed(run.finish());
    }
    awaitValue(REPOS_LOADED, 117);
    alertsAfterRun1 = alertNamesOnceRulesSawTheData();

    // run 2, from 66.0 s to 69.15 s: repository succeeds, pull-request fails in its transform
    clock.advance(Duration.ofSeconds(60));
    try (SyncRun run = reporter.startRun()) {
      KindRecorder repos = run.kind("repository", 0);
      phase(repos, Phase.EXTRACT, 1000, () -> repos.extracted(130));
      phase(repos, Phase.TRANSFORM, 200, () -> repos.transformed(130));
      phase(
          repos,
          Phase.LOAD,
          1500,
          () -> {
            repos.loaded(128);
            repos.skipped(2);
          });
      repos.complete();
      KindRecorder pulls = run.kind("pull-request", 1);
      phase(pulls, Phase.EXTRACT, 400, () -> pulls.extracted(20));
      try (PhaseTimer t = pulls.time(Phase.TRANSFORM)) {
        clock.advance(Duration.ofMillis(50));
        pulls.fail(new IllegalStateException("GitHub answered 403: rate limit exceeded"));
      }
      assertPushed(run.finish());
    }
    awaitValue(REPOS_LOADED, 128);
  }

  @AfterAll
  static void stop() {
    if (reporter != null) {
      reporter.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (pushgateway != null) {
      pushgateway.close();
    }
  }

  private static void phase(KindRecorder kind, Phase phase, long millis, Runnable work) {
    try (PhaseTimer t = kind.time(phase)) {
      work.run();
      clock.advance(Duration.ofMillis(millis));
    }
  }

  private static void assertPushed(ReportResult result) {
    assertTrue(
        result.target("pushgateway").map(ReportResult.TargetResult::ok).orElse(false),
        result.toString());
  }

  /** Epoch seconds of the reporter's clock at {@code seconds} after its start. */
  private static double at(double seconds) {
    return (baseMillis + Math.round(seconds * 1000)) / 1000.0;
  }

  // --- what Prometheus stores --------------------------------------------------------------------

  @Test
  void objectCountsOfTheLastRunArriveWithTheirPhaseAndType() throws Exception {
    Map<String, Double> repository =
        Map.of(
            "extract raw_extracted",
            130.0,
            "transform transformed",
            130.0,
            "transform filtered_out",
            0.0,
            "transform failed",
            0.0,
            "load loaded",
            128.0,
            "load failed",
            0.0,
            "load skipped",
            2.0,
            "delete deleted",
            0.0);
    repository.forEach(
        (phaseAndType, expected) -> {
          String[] p = phaseAndType.split(" ");
          assertEquals(
              expected,
              value(
                  "sync_object_count{"
                      + GROUP
                      + ", kind=\"repository\","
                      + " kind_index=\"0\", phase=\""
                      + p[0]
                      + "\", object_count_type=\""
                      + p[1]
                      + "\"}"),
              phaseAndType);
        });
    assertEquals(
        20.0,
        value(
            "sync_object_count{"
                + GROUP
                + ", kind=\"pull-request\","
                + " phase=\"extract\", object_count_type=\"raw_extracted\"}"));
    assertEquals(
        0.0,
        value(
            "sync_object_count{"
                + GROUP
                + ", kind=\"pull-request\","
                + " phase=\"load\", object_count_type=\"loaded\"}"));
    // one series per kind and (phase, type) pair: 2 kinds x 8
    assertEquals(16, series("sync_object_count{" + GROUP + "}").size());
  }

  @Test
  void durationsOfEveryPhaseAndOfTheWholeRunArrive() throws Exception {
    Map<String, Double> expected =
        Map.of(
            "repository extract",
            1.0,
            "repository transform",
            0.2,
            "repository load",
            1.5,
            "repository delete",
            0.0,
            "repository resync",
            2.7,
            "pull-request extract",
            0.4,
            "pull-request transform",
            0.05,
            "__runtime__ resync",
            3.15);
    expected.forEach(
        (kindAndPhase, seconds) -> {
          String[] k = kindAndPhase.split(" ");
          double got =
              value(
                  "sync_duration_seconds{"
                      + GROUP
                      + ", kind=\""
                      + k[0]
                      + "\", phase=\""
                      + k[1]
                      + "\"}");
          assertEquals(seconds, got, 1e-9, kindAndPhase);
        });
    assertEquals(
        (double) HEAP,
        value("sync_memory_usage_bytes{" + GROUP + ", kind=\"repository\", phase=\"load\"}"));
  }

  @Test
  void theFailedKindAndTheRunReportZeroAndTheOtherKindOne() throws Exception {
    assertEquals(1.0, value("sync_success{" + GROUP + ", kind=\"repository\", kind_index=\"0\"}"));
    assertEquals(
        0.0, value("sync_success{" + GROUP + ", kind=\"pull-request\", kind_index=\"1\"}"));
    assertEquals(0.0, value("sync_success{" + GROUP + ", kind=\"__runtime__\"}"));
    assertEquals(1.0, value("sync_runs{" + GROUP + ", state=\"completed\"}"));
    assertEquals(1.0, value("sync_runs{" + GROUP + ", state=\"failed\"}"));
    assertEquals(
        1.0,
        value(
            "syncmetrics_info{"
                + GROUP
                + ", version=\""
                + Version.VERSION
                + "\", integration_version=\"1.4.0\"}"));
  }

  @Test
  void aFailedRunKeepsTheLastSuccessTimestampOfTheFailedKind() throws Exception {
    // pull-request last succeeded in run 1; run 2 ended later but must not erase that
    assertEquals(
        at(6.0),
        value("sync_last_success_timestamp_seconds{" + GROUP + ", kind=\"pull-request\"}"),
        1e-3);
    assertEquals(
        at(69.15),
        value("sync_last_run_timestamp_seconds{" + GROUP + ", kind=\"pull-request\"}"),
        1e-3);
    assertEquals(
        at(69.15),
        value("sync_last_success_timestamp_seconds{" + GROUP + ", kind=\"repository\"}"),
        1e-3);
    assertEquals(
        at(6.0),
        value("sync_last_success_timestamp_seconds{" + GROUP + ", kind=\"__runtime__\"}"),
        1e-3);
  }

  @Test
  void honorLabelsKeepsThePushedJobAndDropsTheEmptyInstance() throws Exception {
    JsonNode labels = series("sync_success{" + GROUP + ", kind=\"repository\"}").get(0);
    assertEquals("sync", labels.path("job").asText());
    assertTrue(labels.path("instance").isMissingNode(), labels.toString());
    assertTrue(labels.path("exported_job").isMissingNode(), labels.toString());
    assertEquals(0, series("{job=\"pushgateway\", __name__=~\"sync_.*\"}").size());
  }

  // --- the shipped alert rules -------------------------------------------------------------------

  @Test
  void noFailureAlertAfterTheSuccessfulRun() {
    assertFalse(alertsAfterRun1.contains("SyncKindFailed"), alertsAfterRun1.toString());
    assertFalse(alertsAfterRun1.contains("SyncRunFailed"), alertsAfterRun1.toString());
  }

  @Test
  void theKindFailedAlertIsActiveForExactlyTheFailedKind() throws Exception {
    List<JsonNode> failed = awaitAlerts("SyncKindFailed");
    assertEquals(1, failed.size(), failed.toString());
    JsonNode alert = failed.get(0);
    JsonNode labels = alert.path("labels");
    assertEquals("pull-request", labels.path("kind").asText(), alert.toString());
    assertEquals("1", labels.path("kind_index").asText(), alert.toString());
    assertEquals("github", labels.path("integration_type").asText());
    assertEquals("github-prod", labels.path("integration_identifier").asText());
    assertEquals("sync", labels.path("job").asText());
    assertEquals("warning", labels.path("severity").asText());
    assertTrue(
        Set.of("pending", "firing").contains(alert.path("state").asText()), alert.toString());
    String summary = alert.path("annotations").path("summary").asText();
    assertTrue(summary.contains("pull-request") && summary.contains("github/github-prod"), summary);
    // the run failed because of that kind: no separate run alert, and nothing else fires
    List<String> names = new ArrayList<>();
    prometheus.alerts().forEach(a -> names.add(a.path("labels").path("alertname").asText()));
    assertEquals(List.of("SyncKindFailed"), names);
  }

  // --- the shipped Grafana dashboard -------------------------------------------------------------

  @Test
  void prometheusAcceptsEveryGrafanaQueryWithAllValuesSelected() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    Map<String, String> all =
        Map.of("job", ".*", "integration_type", ".*", "integration", ".*", "kind", ".*");
    for (Map.Entry<String, String> e : dashboard.panelExpressions().entrySet()) {
      String query = GrafanaDashboard.substitute(e.getValue(), all);
      try {
        prometheus.query(query);
      } catch (IOException rejected) {
        throw new AssertionError("panel " + e.getKey() + ": " + rejected.getMessage(), rejected);
      }
    }
  }

  @Test
  void everyGrafanaPanelShowsTheIntegrationsData() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    // a multi-value selection, formatted as Grafana does for a regex matcher
    Map<String, String> selected =
        Map.of(
            "job",
            "sync",
            "integration_type",
            "github",
            "integration",
            "github-prod",
            "kind",
            "(repository|pull-request)");
    for (Map.Entry<String, String> e : dashboard.panelExpressions().entrySet()) {
      String query = GrafanaDashboard.substitute(e.getValue(), selected);
      JsonNode result = prometheus.query(query).path("result");
      assertTrue(result.size() > 0, "panel " + e.getKey() + " shows nothing: " + query);
    }
  }

  @Test
  void grafanaVariablesOfferTheIntegrationAndItsKinds() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    Map<String, String> all =
        Map.of("job", ".*", "integration_type", ".*", "integration", ".*", "kind", ".*");
    Map<String, Set<String>> expected =
        Map.of(
            "job",
            Set.of("sync"),
            "integration_type",
            Set.of("github"),
            "integration",
            Set.of("github-prod"),
            "kind",
            Set.of("repository", "pull-request"));
    Map<String, String> label =
        Map.of(
            "job",
            "job",
            "integration_type",
            "integration_type",
            "integration",
            "integration_identifier",
            "kind",
            "kind");
    for (Map.Entry<String, String> v : dashboard.queryVariables().entrySet()) {
      String selector =
          GrafanaDashboard.substitute(GrafanaDashboard.labelValuesSelector(v.getValue()), all);
      Set<String> values = new TreeSet<>();
      for (JsonNode s : prometheus.query(selector).path("result")) {
        values.add(s.path("metric").path(label.get(v.getKey())).asText());
      }
      assertEquals(new TreeSet<>(expected.get(v.getKey())), values, v.getKey() + ": " + selector);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static List<JsonNode> series(String promql) {
    try {
      List<JsonNode> out = new ArrayList<>();
      prometheus.query(promql).path("result").forEach(r -> out.add(r.path("metric")));
      return out;
    } catch (IOException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The value of the one series {@code promql} selects now. */
  private static double value(String promql) {
    try {
      JsonNode result = prometheus.query(promql).path("result");
      assertEquals(1, result.size(), promql + " -> " + result);
      return Double.parseDouble(result.get(0).path("value").get(1).asText());
    } catch (IOException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static void awaitValue(String promql, double expected) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = prometheus.query(promql).path("result");
      if (last.size() == 1
          && Double.parseDouble(last.get(0).path("value").get(1).asText()) == expected) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Prometheus never showed "
            + promql
            + " = "
            + expected
            + " within "
            + DEADLINE
            + "; last "
            + last
            + "\nPrometheus log:\n"
            + prometheus.tail());
  }

  /** Waits for one evaluation of the rules that started after now, then lists the alert names. */
  private static List<String> alertNamesOnceRulesSawTheData() throws Exception {
    Instant seen = Instant.now();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode group = prometheus.api("/api/v1/rules").path("groups").get(0);
      if (Instant.parse(group.path("lastEvaluation").asText()).isAfter(seen)) {
        List<String> names = new ArrayList<>();
        prometheus.alerts().forEach(a -> names.add(a.path("labels").path("alertname").asText()));
        return names;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the rules were not evaluated within " + DEADLINE);
  }

  private static List<JsonNode> awaitAlerts(String name) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> found = new ArrayList<>();
      prometheus
          .alerts()
          .forEach(
              a -> {
                if (name.equals(a.path("labels").path("alertname").asText())) {
                  found.add(a);
                }
              });
      if (!found.isEmpty()) {
        return found;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no " + name + " alert within " + DEADLINE + ": " + prometheus.alerts());
  }
}
