package dev.syncmetrics.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.internal.catalog.CatalogService;
import dev.syncmetrics.internal.catalog.CatalogSettings;
import dev.syncmetrics.internal.catalog.WebhookMappings;
import dev.syncmetrics.internal.demo.BundledDataExpectations.Counts;
import dev.syncmetrics.internal.demo.BundledDataExpectations.Kind;
import dev.syncmetrics.sample.SampleMappings;
import dev.syncmetrics.testing.FreePort;
import dev.syncmetrics.testing.PushgatewayProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --once} as a user runs it: the built jar as a separate process, with a real
 * Pushgateway. Its numbers are checked against the bundled data (worked out independently by {@link
 * BundledDataExpectations}), the catalog's API and the Pushgateway's API.
 */
class DemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @AfterAll
  static void closeHttp() {
    HTTP.dispatcher().executorService().shutdown();
    HTTP.connectionPool().evictAll();
  }

  @Test
  void twoRunsMatchTheBundledDataInTheSummaryTheCatalogAndThePushgateway() throws Exception {
    Path data = dir.resolve("data");
    Map<String, Counts> first = BundledDataExpectations.run(1, 0);

    try (PushgatewayProcess pushgateway = PushgatewayProcess.startOnFreePort()) {
      DemoProcess run1 =
          DemoProcess.run(
              PROJECT,
              null,
              "--once",
              "--data-dir",
              data.toString(),
              "--port",
              String.valueOf(FreePort.find()),
              "--pushgateway-url",
              pushgateway.baseUrl());
      assertEquals(0, run1.exit, run1.output);
      Map<String, Map<String, String>> summary = run1.summary(1);
      assertSummary(first, summary);
      assertPushgateway(pushgateway.baseUrl(), summary);
    }
    try (CatalogService catalog = catalogOn(data)) {
      assertCatalog(catalog.url(), run1Totals(first), first, 1);
    }

    // run 2 on the same directory, with the demo's own Pushgateway this time
    Map<String, Counts> second = BundledDataExpectations.run(2, 1);
    int pushgatewayPort = FreePort.find();
    DemoProcess run2 =
        DemoProcess.run(
            PROJECT,
            null,
            "--once",
            "--data-dir",
            data.toString(),
            "--port",
            String.valueOf(FreePort.find()),
            "--pushgateway-port",
            String.valueOf(pushgatewayPort));
    assertEquals(0, run2.exit, run2.output);
    assertTrue(
        run2.output.contains("Pushgateway: http://127.0.0.1:" + pushgatewayPort + "/metrics"),
        run2.output);
    assertTrue(run2.output.contains("metrics to pushgateway: delivered (1)"), run2.output);
    assertSummary(second, run2.summary(2));
    assertThrows(
        IOException.class,
        () -> new Socket(InetAddress.getLoopbackAddress(), pushgatewayPort).close(),
        "the demo stops its Pushgateway when it ends");
    assertTrue(second.values().stream().anyMatch(c -> c.deleted() > 0 && c.skipped() > 0));
    try (CatalogService catalog = catalogOn(data)) {
      Map<String, Long> held = new HashMap<>();
      second.forEach((kind, c) -> held.put(kind, c.transformed()));
      assertCatalog(catalog.url(), held, second, 2);
    }
  }

  @Test
  void withoutAPushgatewayOnThePathTheDemoSaysHowToInstallItAndStillCompletes() throws Exception {
    Path work = Files.createDirectories(dir.resolve("elsewhere")); // no mappings/: the jar's
    DemoProcess run =
        DemoProcess.run(
            work,
            "/nonexistent-bin",
            "--once",
            "--data-dir",
            dir.resolve("data").toString(),
            "--port",
            String.valueOf(FreePort.find()));
    assertEquals(0, run.exit, run.output);
    assertTrue(run.output.contains("apt-get install prometheus-pushgateway"), run.output);
    assertTrue(run.output.contains("metrics to webhook: delivered (5)"), run.output);
    assertFalse(run.output.contains("metrics to pushgateway"), run.output);
    assertTrue(run.output.contains("Pushgateway: not running"), run.output);
    assertEquals(
        String.valueOf(BundledDataExpectations.run(1, 0).get("issue-2").loaded()),
        run.summary(1).get("issue-2").get("loaded"));
  }

  private static Map<String, Long> run1Totals(Map<String, Counts> expected) {
    Map<String, Long> held = new HashMap<>();
    expected.forEach((kind, c) -> held.put(kind, c.loaded()));
    return held;
  }

  private static void assertSummary(
      Map<String, Counts> expected, Map<String, Map<String, String>> summary) {
    long extracted = 0;
    for (Map.Entry<String, Counts> e : expected.entrySet()) {
      Map<String, String> row = summary.get(e.getKey());
      assertNotNull(row, "no summary row for " + e.getKey() + ": " + summary);
      Counts c = e.getValue();
      String k = e.getKey() + " ";
      assertEquals(c.extracted(), num(row, "extracted"), k + "extracted");
      assertEquals(c.filtered(), num(row, "filtered"), k + "filtered");
      assertEquals(c.transformed(), num(row, "transformed"), k + "transformed");
      assertEquals(c.failed(), num(row, "failed"), k + "failed");
      assertEquals(c.skipped(), num(row, "skipped"), k + "skipped");
      assertEquals(c.loaded(), num(row, "loaded"), k + "loaded");
      assertEquals(c.deleted(), num(row, "deleted"), k + "deleted");
      assertEquals("SUCCESS", row.get("status"), k + "status");
      extracted += c.extracted();
    }
    assertEquals(extracted, num(summary.get("total"), "extracted"), "total extracted");
  }

  /** Every count of the summary is on the Pushgateway, labelled by kind and kind_index. */
  private static void assertPushgateway(String url, Map<String, Map<String, String>> summary)
      throws IOException {
    JsonNode group = null;
    for (JsonNode g : get(url + "/api/v1/metrics").path("data")) {
      if (g.path("labels").path("integration_type").asText().equals(Demo.INTEGRATION_TYPE)
          && g.path("labels")
              .path("integration_identifier")
              .asText()
              .equals(Demo.INTEGRATION_IDENTIFIER)) {
        group = g;
      }
    }
    assertNotNull(group, "no group of the demo on the Pushgateway");
    Map<String, Double> counts = new HashMap<>();
    for (JsonNode m : group.path("sync_object_count").path("metrics")) {
      JsonNode l = m.path("labels");
      counts.put(
          l.path("kind").asText()
              + "-"
              + l.path("kind_index").asText()
              + " "
              + l.path("phase").asText()
              + " "
              + l.path("object_count_type").asText(),
          m.path("value").asDouble());
    }
    for (Kind kind : BundledDataExpectations.KINDS) {
      Map<String, String> row = summary.get(kind.identifier());
      String k = kind.identifier() + " ";
      assertEquals(num(row, "extracted"), counts.get(k + "extract raw_extracted"), k);
      assertEquals(num(row, "filtered"), counts.get(k + "transform filtered_out"), k);
      assertEquals(num(row, "transformed"), counts.get(k + "transform transformed"), k);
      assertEquals(num(row, "skipped"), counts.get(k + "load skipped"), k);
      assertEquals(num(row, "loaded"), counts.get(k + "load loaded"), k);
      assertEquals(num(row, "deleted"), counts.get(k + "delete deleted"), k);
      assertEquals(
          num(row, "failed"),
          counts.get(k + "transform failed") + counts.get(k + "load failed"),
          k);
    }
    boolean runtimeSeen = false;
    for (JsonNode m : group.path("sync_success").path("metrics")) {
      if (m.path("labels").path("kind").asText().equals("__runtime__")) {
        runtimeSeen = true;
        assertEquals("", m.path("labels").path("kind_index").asText(""));
        assertEquals(1.0, m.path("value").asDouble());
      }
    }
    assertTrue(runtimeSeen, "sync_success of __runtime__");
  }

  /**
   * The catalog holds the run's metrics (integration_kind_metrics and the per-phase entities, with
   * {@code run} history points each) and {@code held} sample entities per kind.
   */
  private static void assertCatalog(
      String base, Map<String, Long> held, Map<String, Counts> expected, int run)
      throws IOException {
    for (Kind kind : BundledDataExpectations.KINDS) {
      Counts c = expected.get(kind.identifier());
      String id = kind.identifier();
      JsonNode metrics = get(base + "api/blueprints/integration_kind_metrics/entities/" + id);
      JsonNode p = metrics.path("properties");
      assertEquals(c.extracted(), p.path("raw_objects").asLong(), id);
      assertEquals(c.transformed(), p.path("transformed_objects").asLong(), id);
      assertEquals(c.loaded(), p.path("entities_ingested").asLong(), id);
      assertEquals("SUCCESS", p.path("last_completion_status").asText(), id);
      assertEquals("sample-demo", metrics.path("relations").path("integration").asText());

      JsonNode phases =
          get(base
                  + "api/blueprints/integration_kind_phase_metrics/entities/"
                  + "sample-demo-"
                  + id)
              .path("properties");
      assertEquals(c.filtered(), phases.path("filtered_out").asLong(), id);
      assertEquals(
          c.failed(),
          phases.path("transform_failed").asLong() + phases.path("load_failed").asLong(),
          id);
      assertEquals(c.skipped(), phases.path("skipped").asLong(), id);
      assertEquals(c.deleted(), phases.path("deleted").asLong(), id);

      JsonNode history =
          get(base + "api/blueprints/integration_kind_metrics/entities/" + id + "/history");
      assertEquals(run, history.path("history").size(), id + " history points");

      JsonNode entities =
          get(base + "api/blueprints/" + kind.blueprint() + "/entities?limit=10000");
      assertEquals((long) held.get(id), entities.path("entities").size(), kind.blueprint());
    }
    JsonNode integration = get(base + "api/blueprints/integration/entities/sample-demo");
    assertEquals(
        "SUCCESS", integration.path("properties").path("last_resync_completion_status").asText());
  }

  private static CatalogService catalogOn(Path data) throws IOException {
    return new CatalogService(
            CatalogSettings.builder()
                .port(0)
                .mappings(
                    DemoMappings.of(
                        WebhookMappings.load(PROJECT.resolve("mappings")),
                        SampleMappings.blueprints()))
                .database(data.resolve("catalog.db").toString(), null, null)
                .build())
        .start();
  }

  private static long num(Map<String, String> row, String column) {
    assertNotNull(row.get(column), "no column " + column + " in " + row);
    return Long.parseLong(row.get(column));
  }

  private static JsonNode get(String url) throws IOException {
    try (Response r = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
      String body = r.body() == null ? "" : r.body().string();
      assertEquals(200, r.code(), url + ": " + body);
      return JSON.readTree(body);
    }
  }
}
