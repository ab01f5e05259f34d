package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed request replayed within the five minutes its timestamp is valid stores nothing, whatever
 * unsigned header the replay changes (issue 16: a changed Idempotency-Key used to store it again).
 */
class SignedReplayTest {
  static final String SECRET = "replay-secret";
  static final long NOW = 1_763_719_200L;
  static final String HISTORY =
      "/api/blueprints/integration_kind_metrics/entities/repository-0/history";

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.ofEpochSecond(NOW));
  CatalogServer server;
  TestHttp http;

  @BeforeEach
  void start() throws IOException {
    server =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .webhookSecret(SECRET)
            .clock(clock)
            .build()
            .start();
    http = new TestHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Posts {@code json} signed at {@code timestamp}, with the extra headers given. */
  TestHttp.Answer post(String json, long timestamp, String... headers) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(headers));
    all.addAll(
        List.of(
            WebhookSignature.TIMESTAMP_HEADER,
            Long.toString(timestamp),
            WebhookSignature.SIGNATURE_HEADER,
            IndependentHmac.timestamped(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, body)));
    return http.send("POST", "/webhook", "application/json", body, all.toArray(String[]::new));
  }

  static String payload(int raw) {
    return SamplePayloads.kind("run-1", "github", "github-prod", "repository", 0)
        .counts(raw, raw, raw)
        .json();
  }

  int history() {
    return http.get(HISTORY).json().get("history").size();
  }

  @Test
  void aReplayWithAChangedIdempotencyKeyStoresNothing() {
    String sent = payload(10); // a replay sends these bytes again, with the same signature
    TestHttp.Answer first = post(sent, NOW, "Idempotency-Key", "run-1:repository-0");
    assertEquals(200, first.status(), first.body());
    assertFalse(first.json().get("duplicate").asBoolean());

    TestHttp.Answer changedKey = post(sent, NOW, "Idempotency-Key", "attacker-key-1");
    TestHttp.Answer noKey = post(sent, NOW);
    TestHttp.Answer spelledOtherwise =
        http.send(
            "POST",
            "/webhook",
            "application/json",
            sent.getBytes(StandardCharsets.UTF_8),
            "Idempotency-Key",
            "attacker-key-2",
            WebhookSignature.TIMESTAMP_HEADER,
            "0" + NOW,
            WebhookSignature.SIGNATURE_HEADER,
            "SHA256="
                + IndependentHmac.timestamped(
                        SECRET.getBytes(StandardCharsets.UTF_8),
                        NOW,
                        sent.getBytes(StandardCharsets.UTF_8))
                    .substring(7)
                    .toUpperCase());

    for (TestHttp.Answer replay : List.of(changedKey, noKey, spelledOtherwise)) {
      assertEquals(200, replay.status(), replay.body());
      assertTrue(replay.json().get("duplicate").asBoolean(), replay.body());
    }
    assertEquals(1, history());
  }

  @Test
  void theReportersRetryIsSignedAfreshAndRecognisedByItsKey() {
    post(payload(10), NOW, "Idempotency-Key", "run-1:repository-0");
    clock.advance(java.time.Duration.ofSeconds(30));

    TestHttp.Answer retry = post(payload(10), NOW + 30, "Idempotency-Key", "run-1:repository-0");
    TestHttp.Answer next = post(payload(11), NOW + 30, "Idempotency-Key", "run-2:repository-0");

    assertTrue(retry.json().get("duplicate").asBoolean(), retry.body());
    assertFalse(next.json().get("duplicate").asBoolean(), next.body());
    assertEquals(2, history());
  }

  @Test
  void afterFiveMinutesAReplayIsRefusedOutright() {
    post(payload(10), NOW, "Idempotency-Key", "run-1:repository-0");
    clock.advance(java.time.Duration.ofSeconds(301));

    TestHttp.Answer late = post(payload(10), NOW, "Idempotency-Key", "attacker-key");

    assertEquals(401, late.status(), late.body());
    assertEquals(1, history());
  }
}
