package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.PushgatewayProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reporter keeps what must survive across processes in its state directory and never reads the
 * Pushgateway (issue 15): against a real Pushgateway holding another integration's 10,000 kinds,
 * and behind {@code --web.route-prefix}.
 */
class PushgatewayStateIT {
  private static final String LAST_SUCCESS = "sync_last_success_timestamp_seconds";

  @TempDir Path state;

  private static SyncReporter reporter(String url, String identifier, Path stateDir) {
    return SyncReporter.builder(
            SyncMetricsConfig.builder()
                .enabled(true)
                .integration("github", identifier, "1.4.0")
                .pushgatewayUrl(url)
                .timeout(Duration.ofSeconds(60))
                .spoolDir(stateDir)
                .build())
        .build();
  }

  /** One run of {@code kinds} kinds in a new reporter (a new process); kind 0 fails if asked. */
  private static ReportResult newProcessRun(
      String url, String identifier, Path stateDir, int kinds, boolean failFirst) {
    try (SyncReporter reporter = reporter(url, identifier, stateDir)) {
      SyncRun run = reporter.startRun();
      for (int i = 0; i < kinds; i++) {
        run.kind(i % 2 == 0 ? "repository" : "pull-request", i).extracted(10 + i);
      }
      if (failFirst) {
        run.kind("repository", 0).fail("source went away");
      }
      return run.finish();
    }
  }

  /**
   * The group's last-success series from the Pushgateway's exposition, read line by line (its JSON
   * API would build a tree of the crowd's 31 MB), keyed {@code kind="...",kind_index="..."}.
   */
  private static Map<String, Double> lastSuccess(String url, String identifier) {
    Map<String, Double> out = new TreeMap<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                URI.create(url + "/metrics").toURL().openStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith(LAST_SUCCESS + "{")
            && line.contains("integration_identifier=\"" + identifier + "\"")) {
          int space = line.lastIndexOf(' ');
          String labels = line.substring(line.indexOf("kind="), line.lastIndexOf('}', space));
          out.put(labels, Double.parseDouble(line.substring(space + 1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void aNewProcessAsksACrowdedPushgatewayForNothingAndKeepsItsLastSuccessTimes() {
    try (PushgatewayProcess pg = PushgatewayProcess.startOnFreePort()) {
      ReportResult crowd =
          newProcessRun(pg.pushUrl(), "crowd", state.resolve("crowd"), 10_000, false);
      assertTrue(crowd.allDelivered(), crowd.toString());
      long reads = pg.requestsTo("api/v1/metrics");
      long pushes = pg.requestsTo("push");

      Path gh = state.resolve("gh");
      ReportResult ok = newProcessRun(pg.pushUrl(), "gh", gh, 10, false);
      assertTrue(ok.allDelivered(), ok.toString());
      Map<String, Double> before = lastSuccess(pg.pushUrl(), "gh");
      ReportResult failed = newProcessRun(pg.pushUrl(), "gh", gh, 10, true);
      assertEquals("failed", failed.state());
      assertTrue(failed.target("pushgateway").orElseThrow().ok(), failed.toString());

      assertEquals(
          reads, pg.requestsTo("api/v1/metrics"), "no reporter read the Pushgateway's groups");
      assertEquals(
          pushes + 4,
          pg.requestsTo("push"),
          "two pushes per report: the run's start (POST) and its result (PUT)");
      assertEquals(11, before.size(), before.toString()); // 10 kinds and __runtime__
      Map<String, Double> after = lastSuccess(pg.pushUrl(), "gh");
      assertEquals(before.keySet(), after.keySet());
      for (String failedOne :
          new String[] {"kind=\"repository\",kind_index=\"0\"", "kind=\"__runtime__\""}) {
        assertEquals(before.get(failedOne), after.get(failedOne), "the earlier process's success");
      }
      String succeeded = "kind=\"pull-request\",kind_index=\"1\"";
      assertTrue(after.get(succeeded) > before.get(succeeded), "the new success");
    }
  }

  @Test
  void behindARoutePrefixANewProcessWhoseFirstRunFailsKeepsTheLastSuccessTimes() {
    try (PushgatewayProcess pg = PushgatewayProcess.startWithRoutePrefix("/pg")) {
      Path gh = state.resolve("gh");
      assertTrue(newProcessRun(pg.pushUrl(), "gh", gh, 1, false).allDelivered());
      Map<String, Double> before = lastSuccess(pg.pushUrl(), "gh");
      assertEquals(2, before.size(), before.toString()); // repository-0 and __runtime__

      ReportResult failed = newProcessRun(pg.pushUrl(), "gh", gh, 1, true);

      assertTrue(failed.target("pushgateway").orElseThrow().ok(), failed.toString());
      assertEquals(before, lastSuccess(pg.pushUrl(), "gh"));
    }
  }
}
