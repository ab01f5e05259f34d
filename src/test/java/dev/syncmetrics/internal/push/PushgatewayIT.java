package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Clock;
import dev.syncmetrics.CustomMetric;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.PushgatewayProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reporter against a real Debian prometheus-pushgateway. */
class PushgatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PushgatewayProcess pushgateway;

  @BeforeAll
  static void start() {
    pushgateway = PushgatewayProcess.startOnFreePort();
  }

  @AfterAll
  static void stop() {
    pushgateway.close();
  }

  private static SyncReporter reporter(String identifier) throws Exception {
    return reporter(identifier, Clock.SYSTEM);
  }

  private static SyncReporter reporter(String identifier, Clock clock) throws Exception {
    return reporter(identifier, clock, Files.createTempDirectory("spool"));
  }

  /** A reporter with its state directory: processes of one integration share it. */
  private static SyncReporter reporter(String identifier, Clock clock, Path stateDir) {
    return SyncReporter.builder(
            SyncMetricsConfig.builder()
                .enabled(true)
                .integration("github", identifier, "1.4.0")
                .pushgatewayUrl(pushgateway.baseUrl())
                .timeout(Duration.ofSeconds(10))
                .spoolDir(stateDir)
                .build())
        .clock(clock)
        .build();
  }

  @Test
  void reportShowsEveryMetricOfTheDesignWithItsLabels() throws Exception {
    CustomMetric calls = CustomMetric.of("api_calls", "Calls made to the API", "endpoint");
    try (SyncReporter reporter = reporter("gh-all")) {
      SyncRun run = reporter.startRun();
      KindRecorder repos = run.kind("repository", 0);
      try (PhaseTimer t = repos.time(Phase.EXTRACT)) {
        repos.extracted(120);
      }
      try (PhaseTimer t = repos.time(Phase.TRANSFORM)) {
        repos.transformed(118);
        repos.filteredOut(1);
        repos.transformFailed(1);
      }
      try (PhaseTimer t = repos.time(Phase.LOAD)) {
        repos.loaded(117);
        repos.loadFailed(1);
      }
      repos.deleted(3);
      repos.set(calls, Phase.EXTRACT, 42, "users");
      KindRecorder mrs = run.kind("merge-request", 12);
      mrs.extracted(5);
      ReportResult result = run.finish();
      assertTrue(result.allDelivered(), result.toString());
    }
    Map<String, Double> m = samples("gh-all");
    assertEquals(
        120,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=raw_extracted,phase=extract}"));
    assertEquals(
        118,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=transformed,phase=transform}"));
    assertEquals(
        1,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=filtered_out,phase=transform}"));
    assertEquals(
        1,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=failed,phase=transform}"));
    assertEquals(
        117,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=loaded,phase=load}"));
    assertEquals(
        1,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=failed,phase=load}"));
    assertEquals(
        3,
        m.get(
            "sync_object_count{kind=repository,kind_index=0,object_count_type=deleted,phase=delete}"));
    assertEquals(
        5,
        m.get(
            "sync_object_count{kind=merge-request,kind_index=12,object_count_type=raw_extracted,phase=extract}"));
    assertEquals(1, m.get("sync_success{kind=repository,kind_index=0}"));
    assertEquals(1, m.get("sync_success{kind=__runtime__}"));
    assertTrue(m.get("sync_duration_seconds{kind=repository,kind_index=0,phase=extract}") >= 0);
    assertNotNull(m.get("sync_duration_seconds{kind=__runtime__,phase=resync}"));
    assertTrue(m.get("sync_memory_usage_bytes{kind=repository,kind_index=0,phase=load}") > 0);
    assertTrue(m.get("sync_last_run_timestamp_seconds{kind=repository,kind_index=0}") > 1.7e9);
    assertTrue(m.get("sync_last_success_timestamp_seconds{kind=repository,kind_index=0}") > 1.7e9);
    assertEquals(1, m.get("sync_runs{state=completed}"));
    assertEquals(0, m.get("sync_runs{state=failed}"));
    assertEquals(42, m.get("api_calls{endpoint=users,kind=repository,kind_index=0,phase=extract}"));
    assertTrue(
        m.keySet().stream()
            .anyMatch(
                k ->
                    k.startsWith("syncmetrics_info{")
                        && k.contains("integration_version=1.4.0")
                        && k.contains("version=" + Version.VERSION)),
        m.keySet().toString());
  }

  @Test
  void failedRunKeepsTheLastSuccessTimestampAndDroppedKindDisappears() throws Exception {
    double firstSuccess;
    FakeClock clock = new FakeClock(Instant.now());
    Path stateDir = Files.createTempDirectory("spool");
    try (SyncReporter reporter = reporter("gh-fail", clock, stateDir)) {
      SyncRun first = reporter.startRun();
      first.kind("repository", 0).extracted(10);
      first.kind("issue", 1).extracted(4);
      assertTrue(first.finish().allDelivered());
      firstSuccess =
          samples("gh-fail")
              .get("sync_last_success_timestamp_seconds{kind=repository,kind_index=0}");
      clock.advance(Duration.ofSeconds(2));

      SyncRun second = reporter.startRun();
      KindRecorder repos = second.kind("repository", 0);
      repos.extracted(10);
      repos.fail(new IllegalStateException("source went away"));
      ReportResult result = second.finish();
      assertEquals("failed", result.state());
      Map<String, Double> m = samples("gh-fail");
      assertEquals(0, m.get("sync_success{kind=repository,kind_index=0}"));
      assertEquals(0, m.get("sync_success{kind=__runtime__}"));
      assertEquals(
          firstSuccess, m.get("sync_last_success_timestamp_seconds{kind=repository,kind_index=0}"));
      assertTrue(
          m.get("sync_last_run_timestamp_seconds{kind=repository,kind_index=0}") > firstSuccess);
      assertNull(
          m.get("sync_success{kind=issue,kind_index=1}"), "issue was not synced in the second run");
      assertEquals(1, m.get("sync_runs{state=failed}"));
    }
    // a new process whose first run fails still shows the earlier success, from the state dir
    clock.advance(Duration.ofSeconds(2));
    try (SyncReporter reporter = reporter("gh-fail", clock, stateDir)) {
      SyncRun run = reporter.startRun();
      run.kind("repository", 0).fail("down");
      run.finish();
      assertEquals(
          firstSuccess,
          samples("gh-fail")
              .get("sync_last_success_timestamp_seconds{kind=repository,kind_index=0}"));
    }
  }

  @Test
  void abortedRunIsReportedAbortedWithTheKindsItHadNotEnded() throws Exception {
    try (SyncReporter reporter = reporter("gh-abort")) {
      double before = System.currentTimeMillis() / 1000.0;
      try (SyncRun run = reporter.startRun()) {
        KindRecorder repos = run.kind("repository", 0);
        repos.extracted(1);
        repos.end();
        run.kind("issue", 1).extracted(1);
      }
      Map<String, Double> m = samples("gh-abort");
      assertEquals(0, m.get("sync_success{kind=__runtime__}"));
      assertEquals(1, m.get("sync_success{kind=repository,kind_index=0}"));
      assertEquals(0, m.get("sync_success{kind=issue,kind_index=1}"));
      assertEquals(1, m.get("sync_state{kind=__runtime__,state=aborted}"));
      assertEquals(1, m.get("sync_state{kind=repository,kind_index=0,state=completed}"));
      assertEquals(1, m.get("sync_state{kind=issue,kind_index=1,state=aborted}"));
      assertEquals(1, m.get("sync_runs{state=aborted}"));
      assertEquals(0, m.get("sync_runs{state=failed}"));
      assertEquals(0, m.get("sync_runs{state=running}"));
      assertTrue(m.get("sync_run_start_timestamp_seconds{}") >= Math.floor(before));
      assertFalse(
          m.containsKey("sync_runs{state=completed}") && m.get("sync_runs{state=completed}") > 0);
    }
  }

  /**
   * Every sample of the group, keyed {@code name{label=value,...}} with labels sorted, grouping
   * labels left out.
   */
  static Map<String, Double> samples(String identifier) throws Exception {
    JsonNode root = JSON.readTree(URI.create(pushgateway.baseUrl() + "/api/v1/metrics").toURL());
    Map<String, Double> out = new HashMap<>();
    for (JsonNode group : root.path("data")) {
      if (!identifier.equals(group.path("labels").path("integration_identifier").asText())) {
        continue;
      }
      assertEquals("sync", group.path("labels").path("job").asText());
      assertEquals("github", group.path("labels").path("integration_type").asText());
      group
          .fields()
          .forEachRemaining(
              family -> {
                if (family.getKey().equals("labels")) {
                  return;
                }
                for (JsonNode metric : family.getValue().path("metrics")) {
                  java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
                  metric
                      .path("labels")
                      .fields()
                      .forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
                  labels
                      .keySet()
                      .removeAll(
                          java.util.Set.of(
                              "job", "integration_type", "integration_identifier", "instance"));
                  labels.values().removeIf(String::isEmpty);
                  StringBuilder key = new StringBuilder(family.getKey()).append('{');
                  labels.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
                  if (!labels.isEmpty()) {
                    key.setLength(key.length() - 1);
                  }
                  out.put(
                      key.append('}').toString(),
                      Double.parseDouble(metric.path("value").asText()));
                }
              });
    }
    return out;
  }
}
