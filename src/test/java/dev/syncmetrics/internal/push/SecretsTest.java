package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.ConfigException;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.FreePort;
import dev.syncmetrics.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No secret reaches a log line, a result or an exception message, whatever fails. */
class SecretsTest {
  private static final List<String> SECRETS =
      List.of(
          "tok3nInTheQuery", "hmacKeyValue", "pgPassw0rd", "urlUserPass", "PathKeyA1B2C3D4E5F6G7");
  @TempDir Path spool;

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertFalse(text.contains(secret), where + " leaks " + secret + ":\n" + text);
    }
  }

  @Test
  void failedDeliveriesLogNoSecret() throws Exception {
    int closed = FreePort.find();
    try (LogCapture logs = new LogCapture();
        MockWebServer failing = new MockWebServer()) {
      failing.enqueue(new MockResponse().setResponseCode(500).setBody("internal"));
      failing.enqueue(new MockResponse().setResponseCode(401).setBody("no"));
      failing.start();
      for (String webhook :
          List.of(
              "http://user:urlUserPass@127.0.0.1:"
                  + closed
                  + "/hook/PathKeyA1B2C3D4E5F6G7?token=tok3nInTheQuery",
              failing.url("/hook/PathKeyA1B2C3D4E5F6G7?token=tok3nInTheQuery").toString())) {
        try (SyncReporter reporter =
            SyncReporter.builder(
                    SyncMetricsConfig.builder()
                        .enabled(true)
                        .integration("github", "gh", "1")
                        .webhookUrl(webhook)
                        .webhookSecret("hmacKeyValue")
                        .pushgatewayUrl("http://127.0.0.1:" + closed + "/")
                        .pushgatewayBasicAuth("pg", "pgPassw0rd")
                        .timeout(Duration.ofSeconds(3))
                        .maxAttempts(2)
                        .spoolDir(spool)
                        .build())
                .build()) {
          assertNoSecret("config", reporter.config().toString());
          SyncRun run = reporter.startRun();
          run.kind("repository", 0).extracted(1);
          ReportResult result = run.finish();
          assertFalse(result.allDelivered());
          assertNoSecret("result", result.toString());
        }
      }
      assertTrue(logs.all().contains("syncmetrics"), "the failure is logged:\n" + logs.all());
      assertNoSecret("logs", logs.all());
    }
  }

  @Test
  void pushgatewayUrlWithCredentialsOrQueryIsRefusedWithoutShowingThem() {
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () ->
                SyncMetricsConfig.fromEnvironment(
                        Map.of(
                            "METRICS_PUSHGATEWAY_URL",
                            "http://pg:urlUserPass@127.0.0.1:9091/?auth=tok3nInTheQuery"))
                    .build());
    assertTrue(e.getMessage().contains("METRICS_PUSHGATEWAY_URL was"), e.getMessage());
    assertNoSecret("config error", e.getMessage());
  }

  @Test
  void configurationErrorsRedactSecrets() {
    try {
      SyncMetricsConfig.fromEnvironment(
              Map.of(
                  "METRICS_ENABLED", "true",
                  "METRICS_WEBHOOK_URL",
                      "htp:/user:urlUserPass@bad host/PathKeyA1B2C3D4E5F6G7?token=tok3nInTheQuery",
                  "METRICS_WEBHOOK_SECRET", "hmacKeyValue",
                  "METRICS_PUSHGATEWAY_PASSWORD", "pgPassw0rd"))
          .build();
    } catch (ConfigException e) {
      assertTrue(e.getMessage().contains("METRICS_WEBHOOK_URL"), e.getMessage());
      assertNoSecret("config error", e.getMessage());
      return;
    }
    throw new AssertionError("bad configuration was accepted");
  }
}
