package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.catalog.CatalogServer;
import dev.syncmetrics.internal.signature.IdempotencyKey;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.LogCapture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's edges (issue 16): redirects are not followed, any kind name is deliverable, and
 * what a failing server echoes never reaches the logs or the result.
 */
class WebhookEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS = List.of("café", "日本語", "tab\tand\u0001control", "50%");

  @TempDir Path spool;

  private SyncMetricsConfig.Builder config(String webhookUrl) {
    return SyncMetricsConfig.builder()
        .enabled(true)
        .integration("github", "github-prod", "1.4.0")
        .webhookUrl(webhookUrl)
        .spoolDir(spool)
        .maxAttempts(3)
        .timeout(Duration.ofSeconds(10));
  }

  private static ReportResult run(SyncReporter reporter, List<String> kinds) {
    SyncRun run = reporter.startRun();
    for (int i = 0; i < kinds.size(); i++) {
      run.kind(kinds.get(i), i).extracted(3);
    }
    return run.finish();
  }

  private static List<RecordedRequest> requests(MockWebServer server) throws Exception {
    List<RecordedRequest> all = new ArrayList<>();
    for (RecordedRequest r; (r = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
      all.add(r);
    }
    return all;
  }

  /**
   * Besides the run's payloads, the {@code syncing} announcement is POSTed when the run starts
   * (issue 14); it is worth nothing once late, so it is not spooled when refused.
   */
  @Test
  void aRedirectIsAFailureNamingItsLocationAndThePayloadsAreSpooledNotSentAsGets()
      throws Exception {
    for (int status : new int[] {301, 302, 303, 307, 308}) {
      ReportResult result;
      try (MockWebServer server = new MockWebServer()) {
        server.setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                return request.getPath().startsWith("/hook")
                    ? new MockResponse()
                        .setResponseCode(status)
                        .setHeader("Location", "/landing?session=s3ss10nInTheLocation")
                    : new MockResponse().setResponseCode(200);
              }
            });
        server.start();
        try (SyncReporter reporter =
            SyncReporter.builder(
                    config(server.url("/hook").toString())
                        .spoolDir(spool.resolve("spool-" + status))
                        .build())
                .build()) {
          result = run(reporter, List.of("repository", "user"));

          TargetResult webhook = result.target("webhook").orElseThrow();
          assertEquals(0, webhook.delivered(), status + ": " + result);
          assertEquals(3, webhook.spooled(), status + ": kept for after the URL is fixed");
          assertEquals(0, webhook.retried(), status + ": not retried within the report");
          String expected =
              "HTTP "
                  + status
                  + " redirect to "
                  + server.url("/landing").toString()
                  + "?***, not followed";
          assertTrue(webhook.failures().get(0).contains(expected), webhook.failures().toString());
          assertFalse(result.toString().contains("s3ss10n"), result.toString());
          List<RecordedRequest> seen = requests(server);
          assertEquals(
              4,
              seen.size(),
              status + ": one POST per payload and the announcement, none followed");
          assertTrue(seen.stream().allMatch(r -> r.getMethod().equals("POST")), status + "");
        }
      }
      // once the URL is fixed, the spool delivers the three payloads the redirect refused
      try (MockWebServer fixed = new MockWebServer()) {
        fixed.setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200);
              }
            });
        fixed.start();
        try (SyncReporter reporter =
            SyncReporter.builder(
                    config(fixed.url("/hook").toString())
                        .spoolDir(spool.resolve("spool-" + status))
                        .build())
                .build()) {
          ReportResult redelivered = reporter.redeliverSpool();
          assertEquals(
              3,
              redelivered.target("webhook").orElseThrow().delivered(),
              status + ": " + redelivered);
        }
        List<String> keys = new ArrayList<>();
        for (RecordedRequest r : requests(fixed)) {
          assertEquals("POST", r.getMethod());
          keys.add(IdempotencyKey.key(r.getHeader("Idempotency-Key")));
        }
        assertEquals(
            result.payloads().stream().map(Payload::idempotencyKey).sorted().toList(),
            keys.stream().sorted().toList(),
            status + ": the run's payloads, once each");
      }
    }
  }

  @Test
  void kindNamesOfAnyCharactersAreDeliveredWithAnEncodedIdempotencyKey() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < KINDS.size() + 2; i++) { // the kinds, __runtime__, the announcement
        server.enqueue(new MockResponse().setResponseCode(200));
      }
      server.start();
      try (LogCapture logs = new LogCapture();
          SyncReporter reporter =
              SyncReporter.builder(config(server.url("/hook").toString()).build()).build()) {
        ReportResult result = run(reporter, KINDS);

        assertTrue(result.allDelivered(), result.toString());
        assertEquals(KINDS.size() + 1, result.target("webhook").orElseThrow().delivered());
        List<RecordedRequest> seen = requests(server);
        assertEquals(KINDS.size() + 2, seen.size(), "the announcement, the kinds, __runtime__");
        for (RecordedRequest r : seen) {
          String header = r.getHeader("Idempotency-Key");
          assertTrue(header.chars().allMatch(c -> c > 0x20 && c < 0x7f), header);
          JsonNode body = JSON.readTree(r.getBody().readUtf8());
          String announced =
              Payload.SYNCING.equals(body.get("sync_state").asText()) ? ":syncing" : "";
          assertEquals(
              body.get("event_id").asText()
                  + ":"
                  + body.get("kind_identifier").asText()
                  + announced,
              IdempotencyKey.key(header));
        }
        assertFalse(logs.all().contains("WARN"), logs.all());
      }
    }
  }

  @Test
  void aNonAsciiKindIsStoredOnceAtARealCatalogWhenDeliveredTwice() throws Exception {
    try (CatalogServer catalog =
            CatalogServer.builder()
                .port(0)
                .mappingsDir(CatalogTestMappings.DIR)
                .database(spool.resolve("catalog.db").toString())
                .webhookSecret("catalog-secret")
                .build()
                .start();
        SyncReporter reporter =
            SyncReporter.builder(
                    config(catalog.url() + "webhook")
                        .webhookSecret("catalog-secret")
                        .spoolDir(spool.resolve("spool"))
                        .build())
                .build()) {
      // control characters are the catalog's to refuse (issue 16): names a catalog stores
      List<String> kinds = List.of("café", "日本語", "50%", "with space");
      ReportResult first = run(reporter, kinds);
      assertTrue(first.allDelivered(), first.toString());

      ReportResult again = reporter.deliver(first.payloads()); // a redelivery: same keys
      assertTrue(again.allDelivered(), again.toString());

      String metrics = get(catalog, "metrics");
      int payloads = kinds.size() + 1;
      assertTrue(
          metrics.contains(
              "catalog_webhooks_received_total{outcome=\"accepted\",} " + (payloads + 1) + ".0"),
          "the run's payloads and its syncing announcement:\n" + metrics);
      assertTrue(
          metrics.contains(
              "catalog_webhooks_received_total{outcome=\"duplicate\",} " + payloads + ".0"),
          "every redelivered payload is recognised by its key:\n" + metrics);
      for (Payload p : first.payloads()) {
        if (!p.kindIdentifier().equals(Payload.RUNTIME)) {
          String id =
              URLEncoder.encode(p.kindIdentifier(), StandardCharsets.UTF_8).replace("+", "%20");
          JsonNode history =
              JSON.readTree(
                  get(
                      catalog,
                      "api/blueprints/integration_kind_metrics/entities/" + id + "/history"));
          assertEquals(1, history.get("history").size(), p.kindIdentifier() + ": " + history);
        }
      }
    }
  }

  private static String get(CatalogServer catalog, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(catalog.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void whatAFailingServerEchoesReachesNeitherTheLogsNorTheResult() throws Exception {
    List<String> secrets =
        List.of(
            "hmacKeyValue",
            "tok3nInTheQuery",
            "urlUserPass",
            "PathKeyA1B2C3D4E5F6G7",
            "aG1hY0tleVZhbHVl" /* the HMAC key in Base64 */);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              // echoes the request line and every header, as some proxies' error pages do
              StringBuilder echo = new StringBuilder("<html>you sent ");
              echo.append(request.getRequestLine()).append('\n');
              for (kotlin.Pair<? extends String, ? extends String> h : request.getHeaders()) {
                echo.append(h.getFirst()).append(": ").append(h.getSecond()).append('\n');
              }
              echo.append("X-Debug: secret=hmacKeyValue key=aG1hY0tleVZhbHVl\n");
              int status = request.getHeader("Idempotency-Key").endsWith("-0") ? 500 : 401;
              return new MockResponse().setResponseCode(status).setBody(echo.toString());
            }
          });
      server.start();
      String url =
          server
              .url("/hook/PathKeyA1B2C3D4E5F6G7?token=tok3nInTheQuery")
              .newBuilder()
              .username("user")
              .password("urlUserPass")
              .build()
              .toString();
      try (LogCapture logs = new LogCapture();
          SyncReporter reporter =
              SyncReporter.builder(config(url).webhookSecret("hmacKeyValue").build()).build()) {
        ReportResult result = run(reporter, List.of("repository", "user"));

        TargetResult webhook = result.target("webhook").orElseThrow();
        assertEquals(3, webhook.spooled(), result.toString());
        assertTrue(
            webhook.failures().stream().anyMatch(f -> f.contains("HTTP 500: <html>you sent POST")),
            webhook.failures().toString());
        assertTrue(
            webhook.failures().stream().anyMatch(f -> f.contains("HTTP 401: <html>you sent POST")),
            webhook.failures().toString());
        assertTrue(logs.all().contains("HTTP 401"), "the failure is logged:\n" + logs.all());
        for (String secret : secrets) {
          assertFalse(result.toString().contains(secret), secret + " in " + result);
          assertFalse(logs.all().contains(secret), secret + " in the logs:\n" + logs.all());
        }
        for (String f : webhook.failures()) {
          assertTrue(f.length() < 250, "a short excerpt, not the body: " + f);
        }
      }
    }
  }
}
