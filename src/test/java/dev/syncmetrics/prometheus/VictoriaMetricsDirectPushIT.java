package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.VictoriaMetricsProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why pushing straight to VictoriaMetrics is no replacement for the Pushgateway (docs/scaling.md),
 * checked on Debian's {@code victoria-metrics} 1.79.5: it refuses the Pushgateway-style path, and
 * what it does accept ({@code /api/v1/import/prometheus}, which later releases also serve under the
 * Pushgateway-style path) appends samples instead of replacing a group, adds no {@code
 * push_time_seconds}, and stops answering for a series that was not written for five minutes, which
 * silences the staleness alert. Samples carry explicit timestamps, so no test waits for time to
 * pass.
 */
class VictoriaMetricsDirectPushIT {
  private static final String IMPORT = "/api/v1/import/prometheus";

  private static VictoriaMetricsProcess victoria;

  @BeforeAll
  static void start() {
    victoria = VictoriaMetricsProcess.startOnFreePort();
  }

  @AfterAll
  static void stop() {
    if (victoria != null) {
      victoria.close();
    }
  }

  @Test
  void theReportersPushToThePushgatewayStylePathIsRefused() throws Exception {
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-direct", "1.4.0")
                    .pushgatewayUrl(victoria.baseUrl() + IMPORT)
                    .timeout(Duration.ofSeconds(10))
                    .maxAttempts(1)
                    .spoolDir(Files.createTempDirectory("spool"))
                    .build())
            .build()) {
      ReportResult result;
      try (SyncRun run = reporter.startRun()) {
        KindRecorder repos = run.kind("repository", 0);
        repos.extracted(3);
        repos.complete();
        result = run.finish();
      }
      assertFalse(
          result.target("pushgateway").map(ReportResult.TargetResult::ok).orElse(true),
          result.toString());
    }
    assertTrue(
        victoria
            .tail()
            .contains(
                "unsupported path requested: \"" + IMPORT + "/metrics/job/sync/integration_type"),
        victoria.tail());

    String body =
        "# TYPE sync_success gauge\nsync_success{kind=\"repository\",kind_index=\"0\"} 1\n";
    String group = IMPORT + "/metrics/job/sync/integration_type/github/integration_identifier/x";
    for (String method : List.of("PUT", "POST")) {
      HttpResponse<String> answer = victoria.send(method, group, body);
      assertEquals(400, answer.statusCode(), method + ": " + answer.body());
      assertTrue(answer.body().contains("unsupported path requested"), answer.body());
    }
  }

  @Test
  void aSecondImportAppendsSoAKindTheLastRunDroppedKeepsAnswering() throws Exception {
    Instant now = Instant.now();
    String group = groupLabels("appends");
    // run 1 synced two kinds; run 2, thirty seconds later, only one (it failed)
    assertImported(
        group,
        "sync_success{kind=\"repository\",kind_index=\"0\"} 1 " + millis(now.minusSeconds(60)),
        "sync_success{kind=\"pull-request\",kind_index=\"1\"} 1 " + millis(now.minusSeconds(60)));
    assertImported(
        group,
        "sync_success{kind=\"repository\",kind_index=\"0\"} 0 " + millis(now.minusSeconds(30)));
    victoria.forceFlush();

    QueryAnswer answer =
        QueryAnswer.of(
            victoria.query(
                "sync_success{integration_identifier=\"appends\"}", now.minusSeconds(2)));
    // a Pushgateway PUT would have left only repository; here run 1's pull-request still answers
    assertEquals(
        Map.of(
            "{__name__=\"sync_success\", integration_identifier=\"appends\","
                + " integration_type=\"github\", job=\"sync\", kind=\"pull-request\","
                + " kind_index=\"1\"}",
            1.0,
            "{__name__=\"sync_success\", integration_identifier=\"appends\","
                + " integration_type=\"github\", job=\"sync\", kind=\"repository\","
                + " kind_index=\"0\"}",
            0.0),
        answer.series());
  }

  @Test
  void nothingAddsPushTimeSeconds() throws Exception {
    Instant now = Instant.now();
    assertImported(
        groupLabels("no-push-time"),
        "sync_success{kind=\"__runtime__\"} 1 " + millis(now.minusSeconds(10)));
    victoria.forceFlush();

    Set<String> names = new TreeSet<>();
    QueryAnswer.of(
            victoria.query(
                "count by (__name__) ({integration_identifier=\"no-push-time\"})",
                now.minusSeconds(2)))
        .labelSets()
        .forEach(l -> names.add(l.get("__name__")));
    assertEquals(Set.of("sync_success"), names);
    assertTrue(
        QueryAnswer.of(victoria.query("{__name__=~\"push_.*\"}", now.minusSeconds(2))).isEmpty());
  }

  @Test
  void aSeriesNotWrittenForFiveMinutesNoLongerAnswersSoTheStalenessAlertFallsSilent()
      throws Exception {
    Instant now = Instant.now();
    String sevenHoursAgo = VictoriaMetricsProcess.seconds(now.minus(Duration.ofHours(7)));
    // two integrations whose last success is seven hours old; one last pushed 4 minutes ago, the
    // other 6 minutes ago (it stopped running: exactly what the alert is for)
    assertImported(
        groupLabels("pushed-4m-ago"),
        "sync_last_success_timestamp_seconds{kind=\"__runtime__\"} "
            + sevenHoursAgo
            + " "
            + millis(now.minus(Duration.ofMinutes(4))));
    assertImported(
        groupLabels("pushed-6m-ago"),
        "sync_last_success_timestamp_seconds{kind=\"__runtime__\"} "
            + sevenHoursAgo
            + " "
            + millis(now.minus(Duration.ofMinutes(6))));
    victoria.forceFlush();
    Instant at = now.minusSeconds(2);

    String staleness = AlertRules.load().get("SyncNotSucceededRecently");
    Set<String> firing = new TreeSet<>();
    QueryAnswer.of(victoria.query(staleness, at))
        .labelSets()
        .forEach(l -> firing.add(l.get("integration_identifier")));
    assertEquals(Set.of("pushed-4m-ago"), firing);
    // the sample is stored; only the five-minute look-back of an instant query no longer sees it
    QueryAnswer stored =
        QueryAnswer.of(
            victoria.query(
                "count_over_time(sync_last_success_timestamp_seconds"
                    + "{integration_identifier=\"pushed-6m-ago\"}[10m])",
                at));
    assertEquals(List.of(1.0), List.copyOf(stored.series().values()));
  }

  private static String groupLabels(String identifier) {
    return "extra_label=job=sync&extra_label=integration_type=github"
        + "&extra_label=integration_identifier="
        + identifier;
  }

  private static void assertImported(String groupLabels, String... lines) throws Exception {
    HttpResponse<String> answer =
        victoria.send("POST", IMPORT + "?" + groupLabels, String.join("\n", lines) + "\n");
    assertEquals(204, answer.statusCode(), answer.body());
  }

  private static long millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
  }
}
