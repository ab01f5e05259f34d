package dev.syncmetrics.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Clock;
import dev.syncmetrics.CustomMetric;
import dev.syncmetrics.Phase;
import dev.syncmetrics.payload.RunTotals;
import dev.syncmetrics.record.KindSnapshot;
import dev.syncmetrics.record.KindState;
import dev.syncmetrics.record.RunSnapshot;
import dev.syncmetrics.testing.PushgatewayProcess;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.PushGateway;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protobuf push stores exactly what simpleclient_pushgateway's text push stored: the same
 * series with the same values, read back from a real Pushgateway's /metrics.
 */
class PushgatewayProtobufIT {
  private static PushgatewayProcess pushgateway;

  @BeforeAll
  static void start() {
    pushgateway = PushgatewayProcess.startOnFreePort();
  }

  @AfterAll
  static void stop() {
    pushgateway.close();
  }

  @Test
  void protobufPushStoresTheSameSeriesAsTheTextPush() throws Exception {
    RunSnapshot run = run();
    PushState state = new PushState();
    state.runFinished(run);
    List<Collector.MetricFamilySamples> families = PushgatewayMetrics.families(run, state);

    // the text push, as the reporter made it with simpleclient_pushgateway
    new PushGateway(new URL(pushgateway.baseUrl())).push(new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        return families;
      }
    }, "sync", Map.of("integration_type", "github", "integration_identifier", "text"));
    // the protobuf push of the same families into a second group
    PushgatewaySink sink = new PushgatewaySink(URI.create(pushgateway.baseUrl()), "sync", null, null,
        new OkHttpClient());
    sink.push(new RunSnapshot("github", "protobuf", run.integrationVersion(), run.eventId(), run.state(),
        run.startedAt(), run.reportedAt(), run.kinds(), run.runtime()), state, 5_000);

    String metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(pushgateway.baseUrl() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    TreeSet<String> text = series(metrics, "integration_identifier=\"text\"");
    TreeSet<String> protobuf = series(metrics, "integration_identifier=\"protobuf\"");
    assertTrue(text.size() > 40, "the text push stored its series: " + text.size());
    assertEquals(text, protobuf);
    assertTrue(protobuf.stream().anyMatch(s -> s.contains("kind=\"merge request/é\"")),
        "a label value with a space, a slash and a non-ASCII letter survives: " + protobuf);
    assertFalse(metrics.contains("integration_identifier=\"protobuf\"") && protobuf.isEmpty());
  }

  /** The group's series, with the group's own labels and push times left out. */
  private static TreeSet<String> series(String metrics, String group) {
    return metrics.lines()
        .filter(l -> l.contains(group) && !l.startsWith("push_") && !l.startsWith("#"))
        .map(l -> l.replace(group, "GROUP"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static RunSnapshot run() {
    CustomMetric calls = CustomMetric.of("api_calls", "Calls made to the API", "endpoint");
    List<KindSnapshot> kinds = new ArrayList<>();
    String[] names = {"repository", "merge request/é", "pull-request"};
    for (int i = 0; i < names.length; i++) {
      KindState k = new KindState(names[i], i, Clock.SYSTEM, () -> 52_428_800L);
      k.time(Phase.EXTRACT).close();
      k.extracted(120 + i);
      k.transformed(118);
      k.filteredOut(1);
      k.loaded(117);
      k.deleted(3);
      k.add(calls, Phase.EXTRACT, 0.25 + i, "/repos");
      if (i == 1) {
        k.fail("boom");
      }
      kinds.add(k.snapshot(System.nanoTime(), 1_000_000L));
    }
    KindSnapshot runtime = RunTotals.of(kinds, false, 8.375, 2_000_000L);
    return new RunSnapshot("github", "x", "1.4.0", "0b7d6f7e-6c38-4d8e-9a4c-7d1c1a2b3c4d", RunSnapshot.FAILED,
        Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:08.375Z"), kinds, runtime);
  }
}
