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
import dev.syncmetrics.testing.CommandRun;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.ProjectDir;
import dev.syncmetrics.testing.PrometheusProcess;
import dev.syncmetrics.testing.PrometheusTestConfig;
import dev.syncmetrics.testing.PushgatewayProcess;
import dev.syncmetrics.testing.RemoteWriteQueue;
import dev.syncmetrics.testing.RemoteWriteTestConfig;
import dev.syncmetrics.testing.VictoriaMetricsProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The topology past one Prometheus, end to end on Debian's servers: the reporter pushes to a real
 * {@code prometheus-pushgateway}; a real {@code prometheus}, configured from the shipped
 * prometheus.yml (one-second scrapes) with its commented {@code remote_write} block turned on as
 * shipped (only the url points at the test), scrapes it and remote-writes to a real {@code
 * victoria-metrics}. At three moments the test evaluates every shipped alert expression, every
 * query of the shipped Grafana dashboard and every dashboard variable's selector against both
 * {@code /api/v1/query} at the same evaluation time, and compares the answers: same label sets,
 * values equal within {@link QueryAnswer#TOLERANCE}.
 *
 * <ol>
 *   <li><b>a successful run</b>: github-prod syncs repository and pull-request;
 *   <li><b>failures</b>: github-prod's second run loads 80 of 200 repositories and fails
 *       pull-request; jira-cloud, whose reporter clock runs seven hours behind, synced then aborted
 *       a run (stale and run-failed); gitlab-main's group holds a push the Pushgateway rejected;
 *       gitlab-hung started a run 40 minutes ago that never ended. Every alert but
 *       SyncPushgatewayDown has something to say;
 *   <li><b>the Pushgateway down</b>: it is stopped; Prometheus marks every pushed series stale and
 *       sends {@code up == 0}.
 * </ol>
 *
 * <p>One difference is MetricsQL's by design and is asserted as such, not skipped: {@code
 * changes()} ("Runs in the time range") also counts the first sample of a series that begins inside
 * the range, so VictoriaMetrics answers one more than Prometheus there, and MetricsQL's {@code
 * changes_prometheus()} answers exactly what Prometheus does (docs/scaling.md).
 */
class RemoteWriteIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final long HEAP = 52_428_800L;
  private static final String SHIPPED = "docs/prometheus/prometheus.yml";

  /** What the shipped write_relabel_configs keeps: __name__ and job joined by ";". */
  private static final Pattern KEPT =
      Pattern.compile("(sync|syncmetrics|push)_.+;.*|up;pushgateway");

  private static final Map<String, String> ALL =
      Map.of("job", ".*", "integration_type", ".*", "integration", ".*", "kind", ".*");
  private static final Map<String, String> ONE_INTEGRATION =
      Map.of(
          "job",
          "sync",
          "integration_type",
          "github",
          "integration",
          "github-prod",
          "kind",
          "(repository|pull-request)");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static PushgatewayProcess pushgateway;
  private static VictoriaMetricsProcess victoria;
  private static PrometheusProcess prometheus;
  private static String configYaml;
  private static final List<SyncReporter> reporters = new ArrayList<>();

  /** Name to expression, evaluated on both servers. */
  private static final Map<String, String> compared = new LinkedHashMap<>();

  /** Name to MetricsQL expression, evaluated on VictoriaMetrics only. */
  private static final Map<String, String> metricsqlOnly = new LinkedHashMap<>();

  private static final List<Stage> stages = new ArrayList<>();

  /** The answers of one moment. */
  private record Stage(
      String name,
      Instant time,
      Map<String, QueryAnswer> prometheus,
      Map<String, QueryAnswer> victoria) {}

  @BeforeAll
  static void threeMomentsOfTheSameSyncsInBothStores() throws Exception {
    collectExpressions();
    pushgateway = PushgatewayProcess.startOnFreePort();
    victoria = VictoriaMetricsProcess.startOnFreePort();
    configYaml =
        RemoteWriteTestConfig.enable(
            PrometheusTestConfig.from(
                ProjectDir.resolve(SHIPPED), "127.0.0.1:" + pushgateway.port(), "1s"),
            victoria.writeUrl());
    prometheus = PrometheusProcess.startOnFreePort(configYaml);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    // 1. a successful run (its clock starts early enough for run 2, a minute later, to end before
    // now: Prometheus's and VictoriaMetrics' time() is the real clock)
    FakeClock github = new FakeClock(now.minus(Duration.ofSeconds(90)));
    SyncReporter githubReporter = reporter("github", "github-prod", github);
    try (SyncRun run = githubReporter.startRun()) {
      KindRecorder repos = run.kind("repository", 0);
      phase(github, repos, Phase.EXTRACT, 1200, () -> repos.extracted(120));
      phase(
          github,
          repos,
          Phase.TRANSFORM,
          300,
          () -> {
            repos.transformed(118);
            repos.filteredOut(1);
            repos.transformFailed(1);
          });
      phase(
          github,
          repos,
          Phase.LOAD,
          2100,
          () -> {
            repos.loaded(117);
            repos.loadFailed(1);
          });
      phase(github, repos, Phase.DELETE, 500, () -> repos.deleted(3));
      repos.complete();
      KindRecorder pulls = run.kind("pull-request", 1);
      phase(github, pulls, Phase.EXTRACT, 800, () -> pulls.extracted(40));
      phase(github, pulls, Phase.TRANSFORM, 100, () -> pulls.transformed(40));
      phase(github, pulls, Phase.LOAD, 1000, () -> pulls.loaded(40));
      pulls.complete();
      assertPushed(run.finish());
    }
    awaitPrometheus(
        "the successful run",
        "sync_object_count{integration_identifier=\"github-prod\", kind=\"repository\","
            + " object_count_type=\"loaded\"} == 117");
    stages.add(snapshot("after a successful run"));

    // 2. failures: a failed kind and a kind that loaded far fewer than it extracted ...
    github.advance(Duration.ofSeconds(60));
    try (SyncRun run = githubReporter.startRun()) {
      KindRecorder repos = run.kind("repository", 0);
      phase(github, repos, Phase.EXTRACT, 1000, () -> repos.extracted(200));
      phase(github, repos, Phase.TRANSFORM, 200, () -> repos.transformed(200));
      phase(
          github,
          repos,
          Phase.LOAD,
          1500,
          () -> {
            repos.loaded(80);
            repos.loadFailed(120);
          });
      repos.complete();
      KindRecorder pulls = run.kind("pull-request", 1);
      phase(github, pulls, Phase.EXTRACT, 400, () -> pulls.extracted(20));
      try (PhaseTimer t = pulls.time(Phase.TRANSFORM)) {
        github.advance(Duration.ofMillis(50));
        pulls.fail(new IllegalStateException("GitHub answered 403: rate limit exceeded"));
      }
      assertPushed(run.finish());
    }
    // ... an integration whose last success is seven hours old and whose last run was aborted ...
    FakeClock jira = new FakeClock(now.minus(Duration.ofHours(7)));
    SyncReporter jiraReporter = reporter("jira", "jira-cloud", jira);
    for (int runNumber = 1; runNumber <= 2; runNumber++) {
      try (SyncRun run = jiraReporter.startRun()) {
        KindRecorder issues = run.kind("issue", 0);
        phase(jira, issues, Phase.EXTRACT, 700, () -> issues.extracted(50));
        phase(jira, issues, Phase.TRANSFORM, 100, () -> issues.transformed(50));
        phase(jira, issues, Phase.LOAD, 900, () -> issues.loaded(50));
        issues.complete();
        if (runNumber == 2) {
          run.fail("the source's API token expired after the kinds");
        }
        assertPushed(run.finish());
      }
      jira.advance(Duration.ofMinutes(10));
    }
    // ... and a group whose last push the Pushgateway rejected (a type other groups disagree with)
    SyncReporter gitlabReporter = reporter("gitlab", "gitlab-main", new FakeClock(now));
    try (SyncRun run = gitlabReporter.startRun()) {
      KindRecorder projects = run.kind("project", 0);
      projects.extracted(5);
      projects.transformed(5);
      projects.loaded(5);
      projects.complete();
      assertPushed(run.finish());
    }
    HttpResponse<String> rejected =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        pushgateway.baseUrl()
                            + "/metrics/job/sync/integration_type/gitlab"
                            + "/integration_identifier/gitlab-main"))
                .timeout(Duration.ofSeconds(10))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "# TYPE sync_success counter\nsync_success{kind=\"__runtime__\"} 1\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, rejected.statusCode(), rejected.body());
    // ... and a run that started 40 minutes ago and never ended (as if its process had been killed)
    SyncReporter hungReporter =
        reporter("gitlab", "gitlab-hung", new FakeClock(now.minus(Duration.ofMinutes(40))));
    hungReporter.startRun(); // left open: only its start reaches the Pushgateway
    awaitPrometheus(
        "the failures",
        "sync_object_count{integration_identifier=\"github-prod\", kind=\"repository\","
            + " object_count_type=\"loaded\"} == 80",
        "sync_success{integration_identifier=\"jira-cloud\", kind=\"__runtime__\"} == 0",
        "push_failure_time_seconds{integration_identifier=\"gitlab-main\"} > 0",
        "sync_run_start_timestamp_seconds{integration_identifier=\"gitlab-hung\"} > 0");
    stages.add(snapshot("after failures"));

    // 3. the Pushgateway down
    pushgateway.close();
    awaitPrometheus("the Pushgateway down", "up{job=\"pushgateway\"} == 0");
    stages.add(snapshot("with the Pushgateway down"));
  }

  @AfterAll
  static void stop() {
    reporters.forEach(SyncReporter::close);
    for (AutoCloseable server : new AutoCloseable[] {prometheus, victoria, pushgateway}) {
      if (server != null) {
        try {
          server.close();
        } catch (Exception e) {
          // the others still stop
        }
      }
    }
  }

  // --- the scenario did what it says -------------------------------------------------------------

  @Test
  void theScenarioMakesEveryShippedAlertExpressionAnswerInPrometheus() {
    assertEquals(Set.of(), alertsIn(stages.get(0)), "after a successful run");
    assertEquals(
        Set.of(
            "SyncKindFailed github-prod pull-request",
            "SyncLoadedFarFewerThanExtracted github-prod repository",
            "SyncRunFailed jira-cloud __runtime__",
            "SyncNotSucceededRecently jira-cloud issue",
            "SyncNotSucceededRecently jira-cloud __runtime__",
            "SyncPushRejected gitlab-main -",
            "SyncRunNeverEnded gitlab-hung -"),
        alertsIn(stages.get(1)),
        "after failures");
    assertEquals(
        Set.of("SyncPushgatewayDown pushgateway 127.0.0.1:" + pushgateway.port()),
        alertsIn(stages.get(2)),
        "with the Pushgateway down");
  }

  @Test
  void everyComparedQueryHasAnAnswerInAtLeastOneMoment() {
    List<String> neverAnswered = new ArrayList<>();
    for (String name : compared.keySet()) {
      if (stages.stream().allMatch(s -> s.prometheus().get(name).isEmpty())) {
        neverAnswered.add(name);
      }
    }
    assertEquals(List.of(), neverAnswered, "compared only as empty answers");
  }

  // --- same answers ------------------------------------------------------------------------------

  @Test
  void victoriaMetricsAnswersEveryShippedAlertExpressionAsPrometheusDoes() {
    assertSameAnswers("alert ");
  }

  @Test
  void victoriaMetricsAnswersEveryGrafanaPanelQueryAsPrometheusDoes() {
    assertSameAnswers("panel ");
  }

  @Test
  void victoriaMetricsFindsTheSameSeriesForEveryGrafanaVariable() {
    assertSameAnswers("variable ");
  }

  @Test
  void everySentSeriesArrivesWithTheSameLabelsAndValue() {
    assertSameAnswers("series ");
  }

  @Test
  void changesCountsTheFirstSampleOfASeriesInMetricsQLAndChangesPrometheusDoesNot() {
    List<String> changesPanels =
        compared.keySet().stream().filter(n -> compared.get(n).contains("changes(")).toList();
    assertFalse(
        changesPanels.isEmpty(),
        "no dashboard query uses changes() any more: drop this difference from the test and"
            + " docs/scaling.md");
    List<String> problems = new ArrayList<>();
    for (Stage stage : stages) {
      for (String name : changesPanels) {
        QueryAnswer prom = stage.prometheus().get(name);
        QueryAnswer vm = stage.victoria().get(name);
        // every series of this test began inside the range ($__range = 1h): one more in MetricsQL
        Map<String, Double> plusOne = new LinkedHashMap<>();
        prom.series().forEach((labels, value) -> plusOne.put(labels, value + 1));
        if (!plusOne.equals(vm.series())) {
          problems.add(stage.name() + ", " + name + ": Prometheus " + prom + ", MetricsQL " + vm);
        }
        QueryAnswer exact = stage.victoria().get("changes_prometheus " + name);
        for (String d : prom.differencesFrom(exact)) {
          problems.add(stage.name() + ", changes_prometheus " + name + ": " + d);
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(
        stages.stream().anyMatch(s -> !s.prometheus().get(changesPanels.get(0)).isEmpty()),
        "changes() never had an answer to compare");
  }

  // --- what is sent ------------------------------------------------------------------------------

  @Test
  void remoteWriteSendsOnlyWhatTheRulesAndTheDashboardRead() {
    Stage failures = stages.get(1);
    Set<String> local = namesAndJobs(failures.prometheus().get("everything"));
    Set<String> central = namesAndJobs(failures.victoria().get("everything"));
    Set<String> kept = new TreeSet<>();
    local.stream().filter(n -> KEPT.matcher(n).matches()).forEach(kept::add);
    assertEquals(kept, central);
    assertTrue(central.contains("up;pushgateway"), central.toString());
    assertTrue(central.contains("syncmetrics_info;sync"), central.toString());
    assertTrue(central.contains("push_time_seconds;sync"), central.toString());
    // the Pushgateway's own series and Prometheus's other series stay local
    assertTrue(local.contains("pushgateway_build_info;pushgateway"), local.toString());
    assertTrue(local.contains("go_goroutines;pushgateway"), local.toString());
    assertFalse(central.stream().anyMatch(n -> n.startsWith("go_")), central.toString());
  }

  @Test
  void theShippedRemoteWriteBlockUncommentedPassesPromtool() throws Exception {
    Path file = Files.createTempDirectory("remote-write").resolve("prometheus.yml");
    Files.writeString(file, configYaml);
    CommandRun run =
        CommandRun.of(
            ProjectDir.root(),
            Duration.ofMinutes(2),
            "promtool",
            "check",
            "config",
            file.toString());
    assertEquals(0, run.exitCode(), run.describe());
  }

  @Test
  void vmalertOfTheSamePackageAcceptsTheShippedAlertRules() {
    // for a ruler next to the central store: it parses the rules and their templates as MetricsQL
    CommandRun run =
        CommandRun.of(
            ProjectDir.root(),
            Duration.ofMinutes(2),
            "vmalert",
            "-dryRun",
            "-rule=" + ProjectDir.resolve(AlertRules.FILE));
    assertEquals(0, run.exitCode(), run.describe());
  }

  // --- the expressions ---------------------------------------------------------------------------

  private static void collectExpressions() throws IOException {
    AlertRules.load().forEach((name, expr) -> compared.put("alert " + name, expr));
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    for (Map.Entry<String, String> e : dashboard.panelExpressions().entrySet()) {
      for (Map.Entry<String, Map<String, String>> selection :
          Map.of("all values", ALL, "github-prod", ONE_INTEGRATION).entrySet()) {
        String name = "panel " + e.getKey() + ", " + selection.getKey();
        String expr = GrafanaDashboard.substitute(e.getValue(), selection.getValue());
        compared.put(name, expr);
        if (expr.contains("changes(")) {
          metricsqlOnly.put(
              "changes_prometheus " + name, expr.replace("changes(", "changes_prometheus("));
        }
      }
    }
    for (Map.Entry<String, String> v : dashboard.queryVariables().entrySet()) {
      compared.put(
          "variable " + v.getKey(),
          GrafanaDashboard.substitute(GrafanaDashboard.labelValuesSelector(v.getValue()), ALL));
    }
    compared.put("series sent", "{__name__=~\"(sync|syncmetrics|push)_.+\"}");
    compared.put("series up", "up{job=\"pushgateway\"}");
    compared.put("everything", "count by (__name__, job) ({__name__=~\".+\"})");
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static SyncReporter reporter(String type, String identifier, FakeClock clock)
      throws IOException {
    SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration(type, identifier, "1.4.0")
                    .pushgatewayUrl(pushgateway.baseUrl())
                    .job("sync")
                    .timeout(Duration.ofSeconds(20))
                    .spoolDir(Files.createTempDirectory("spool"))
                    .build())
            .clock(clock)
            .heapProbe(() -> HEAP)
            .build();
    reporters.add(reporter);
    return reporter;
  }

  private static void phase(
      FakeClock clock, KindRecorder kind, Phase phase, long millis, Runnable work) {
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

  /** Evaluates every expression on both servers at one time, once both hold the data up to it. */
  private static Stage snapshot(String name) throws Exception {
    Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    awaitRemoteWriteBeyond(time);
    victoria.forceFlush();
    Map<String, QueryAnswer> p = new LinkedHashMap<>();
    Map<String, QueryAnswer> v = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : compared.entrySet()) {
      p.put(e.getKey(), QueryAnswer.of(prometheusAt(e.getValue(), time)));
      v.put(e.getKey(), QueryAnswer.of(victoria.query(e.getValue(), time)));
    }
    for (Map.Entry<String, String> e : metricsqlOnly.entrySet()) {
      v.put(e.getKey(), QueryAnswer.of(victoria.query(e.getValue(), time)));
    }
    return new Stage(name, time, p, v);
  }

  private static JsonNode prometheusAt(String promql, Instant time) throws IOException {
    return prometheus.api(
        "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + VictoriaMetricsProcess.seconds(time));
  }

  /**
   * Waits until Prometheus reports a sample at least a second newer than {@code time} sent to
   * VictoriaMetrics by a queue of one shard (samples of one shard go out in order, so everything up
   * to {@code time} has arrived), and until {@code time} is old enough for VictoriaMetrics to
   * evaluate at it as asked.
   */
  private static void awaitRemoteWriteBeyond(Instant time) throws Exception {
    Instant beyond = time.plusSeconds(1);
    RemoteWriteQueue.State[] last = {null};
    await(
        "Prometheus to send samples newer than " + beyond + " to VictoriaMetrics",
        () -> {
          last[0] = RemoteWriteQueue.read(prometheus);
          if (last[0].shards() > 1) {
            throw new AssertionError(
                "the remote-write queue runs "
                    + last[0].shards()
                    + " shards, so samples may arrive out of order; this test relies on one");
          }
          return last[0].highestSentSeconds() * 1000 >= beyond.toEpochMilli()
              && Instant.now().isAfter(time.plus(VictoriaMetricsProcess.QUERY_TIME_FLOOR));
        },
        () -> String.valueOf(last[0]));
  }

  private static void awaitPrometheus(String what, String... conditions) throws Exception {
    await(
        "Prometheus to show " + what,
        () -> {
          for (String condition : conditions) {
            if (prometheus.query(condition).path("result").size() == 0) {
              return false;
            }
          }
          return true;
        },
        () -> String.join(", ", conditions));
  }

  private static void await(String what, Callable<Boolean> condition, Supplier<String> state)
      throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "waited "
            + DEADLINE
            + " for "
            + what
            + " ("
            + state.get()
            + ")\nPrometheus log:\n"
            + prometheus.tail()
            + "\nVictoriaMetrics log:\n"
            + victoria.tail());
  }

  private void assertSameAnswers(String prefix) {
    List<String> differences = new ArrayList<>();
    int count = 0;
    for (Stage stage : stages) {
      for (Map.Entry<String, QueryAnswer> e : stage.prometheus().entrySet()) {
        String name = e.getKey();
        if (!name.startsWith(prefix) || compared.get(name).contains("changes(")) {
          continue;
        }
        count++;
        for (String d : e.getValue().differencesFrom(stage.victoria().get(name))) {
          differences.add(
              stage.name() + ", " + name + " (Prometheus first, VictoriaMetrics second): " + d);
        }
      }
    }
    assertTrue(count > 0, "nothing named " + prefix + "...");
    assertEquals(List.of(), differences, String.join("\n", differences));
  }

  /** "alertname identifier kind" for each series an alert expression returned. */
  private static Set<String> alertsIn(Stage stage) {
    Set<String> out = new TreeSet<>();
    stage
        .prometheus()
        .forEach(
            (name, answer) -> {
              if (name.startsWith("alert ")) {
                for (Map<String, String> labels : answer.labelSets()) {
                  String who =
                      labels.containsKey("integration_identifier")
                          ? labels.get("integration_identifier")
                              + " "
                              + labels.getOrDefault("kind", "-")
                          : labels.get("job") + " " + labels.get("instance");
                  out.add(name.substring("alert ".length()) + " " + who);
                }
              }
            });
    return out;
  }

  private static Set<String> namesAndJobs(QueryAnswer answer) {
    Set<String> out = new TreeSet<>();
    answer.labelSets().forEach(l -> out.add(l.get("__name__") + ";" + l.getOrDefault("job", "")));
    return out;
  }
}
