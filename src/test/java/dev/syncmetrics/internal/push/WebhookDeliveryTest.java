package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.IndependentHmac;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery against a local MockWebServer: signing, retries, deadlines. */
class WebhookDeliveryTest {
  private final MockWebServer server = new MockWebServer();
  @TempDir Path spool;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private SyncMetricsConfig.Builder config() {
    return SyncMetricsConfig.builder()
        .enabled(true)
        .integration("github", "github-prod", "1.4.0")
        .webhookUrl(server.url("/webhook").toString())
        .spoolDir(spool)
        .timeout(Duration.ofSeconds(10));
  }

  private static SyncReporter reporter(SyncMetricsConfig.Builder config) {
    return SyncReporter.builder(config.build()).build();
  }

  private static ReportResult oneRun(SyncReporter reporter) {
    SyncRun run = reporter.startRun();
    run.kind("repository", 0).extracted(3);
    return run.finish();
  }

  /** Answers the n-th attempt of each payload (by idempotency key) with {@code script.apply(n)}. */
  private static final class ScriptedDispatcher extends Dispatcher {
    final Map<String, List<Long>> attempts = new ConcurrentHashMap<>();
    final Function<Integer, MockResponse> script;

    ScriptedDispatcher(Function<Integer, MockResponse> script) {
      this.script = script;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      List<Long> times =
          attempts.computeIfAbsent(
              request.getHeader(WebhookSignature.IDEMPOTENCY_HEADER), k -> new ArrayList<>());
      synchronized (times) {
        times.add(System.nanoTime());
        return script.apply(times.size());
      }
    }
  }

  @Test
  void everyPayloadIsPostedSignedWithItsIdempotencyKey() throws Exception {
    server.setDispatcher(new ScriptedDispatcher(n -> new MockResponse().setResponseCode(200)));
    byte[] secret = "hmac-secret".getBytes(StandardCharsets.UTF_8);
    ReportResult result;
    try (SyncReporter reporter = reporter(config().webhookSecret("hmac-secret"))) {
      result = oneRun(reporter);
    }
    assertTrue(result.allDelivered(), result.toString());
    assertEquals(2, result.target("webhook").orElseThrow().delivered());
    assertEquals(3, server.getRequestCount(), "the syncing announcement, the kind, __runtime__");
    Map<String, Payload> sent = new java.util.HashMap<>();
    result.payloads().forEach(p -> sent.put(p.idempotencyKey(), p));
    String announcement = result.eventId() + ":__runtime__:syncing";
    for (int i = 0; i < 3; i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals("POST", r.getMethod());
      assertEquals("/webhook", r.getPath());
      assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
      String key = r.getHeader(WebhookSignature.IDEMPOTENCY_HEADER);
      byte[] body = r.getBody().readByteArray();
      if (key.equals(announcement)) {
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("\"sync_state\":\"syncing\""));
      } else {
        Payload p = sent.get(key);
        assertNotNull(p, "idempotency key names a payload of the run");
        assertEquals(p.json(), new String(body, StandardCharsets.UTF_8));
      }
      long ts = Long.parseLong(r.getHeader(WebhookSignature.TIMESTAMP_HEADER));
      assertTrue(Math.abs(ts - System.currentTimeMillis() / 1000) < 60);
      assertEquals(
          IndependentHmac.timestamped(secret, ts, body),
          r.getHeader(WebhookSignature.SIGNATURE_HEADER));
      assertNotEquals(
          IndependentHmac.timestamped("other".getBytes(StandardCharsets.UTF_8), ts, body),
          r.getHeader(WebhookSignature.SIGNATURE_HEADER));
    }
  }

  @Test
  void signsTheVendorsWaySoItsWebhookSecurityAcceptsThePayloads() throws Exception {
    server.setDispatcher(new ScriptedDispatcher(n -> new MockResponse().setResponseCode(202)));
    byte[] secret = "vendor-secret".getBytes(StandardCharsets.UTF_8);
    ReportResult result;
    try (SyncReporter reporter =
        reporter(config().webhookSecret("vendor-secret").webhookSignature("sha256"))) {
      result = oneRun(reporter);
    }
    assertTrue(result.allDelivered(), result.toString());
    assertEquals(3, server.getRequestCount(), "the syncing announcement, the kind, __runtime__");
    for (int i = 0; i < 3; i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      byte[] body = r.getBody().readByteArray();
      // what the vendor checks with signatureAlgorithm sha256, header X-Syncmetrics-Signature
      // and prefix sha256=: the HMAC of the raw body, nothing else
      assertEquals(
          "sha256=" + IndependentHmac.hex("HmacSHA256", secret, body),
          r.getHeader("X-Syncmetrics-Signature"));
      assertEquals(null, r.getHeader(WebhookSignature.TIMESTAMP_HEADER));
    }
  }

  @Test
  void signsWithSha1OrSendsThePlainSecretWhenAsked() throws Exception {
    server.setDispatcher(new ScriptedDispatcher(n -> new MockResponse()));
    byte[] secret = "vendor-secret".getBytes(StandardCharsets.UTF_8);
    try (SyncReporter reporter =
        reporter(config().webhookSecret("vendor-secret").webhookSignature("sha1"))) {
      oneRun(reporter);
    }
    // every request of the run, the syncing announcement included, is signed the same way
    assertEquals(3, server.getRequestCount(), "the syncing announcement, the kind, __runtime__");
    for (int i = 0; i < 3; i++) {
      RecordedRequest sha1 = server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals(
          "sha1=" + IndependentHmac.hex("HmacSHA1", secret, sha1.getBody().readByteArray()),
          sha1.getHeader("X-Syncmetrics-Signature"));
    }
    try (SyncReporter reporter =
        reporter(config().webhookSecret("vendor-secret").webhookSignature("plain"))) {
      oneRun(reporter);
    }
    assertEquals(6, server.getRequestCount());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          "vendor-secret",
          server.takeRequest(1, TimeUnit.SECONDS).getHeader("X-Syncmetrics-Signature"));
    }
  }

  @Test
  void unsignedWhenNoSecretIsSet() throws Exception {
    server.setDispatcher(new ScriptedDispatcher(n -> new MockResponse()));
    try (SyncReporter reporter = reporter(config())) {
      oneRun(reporter);
    }
    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(null, r.getHeader(WebhookSignature.SIGNATURE_HEADER));
  }

  @Test
  void serverErrorsAreRetriedUntilDelivered() {
    ScriptedDispatcher d =
        new ScriptedDispatcher(
            n -> new MockResponse().setResponseCode(n == 1 ? 500 : n == 2 ? 503 : 200));
    server.setDispatcher(d);
    ReportResult result;
    try (SyncReporter reporter = reporter(config())) {
      result = oneRun(reporter);
    }
    ReportResult.TargetResult webhook = result.target("webhook").orElseThrow();
    assertEquals(2, webhook.delivered(), result.toString());
    assertEquals(4, webhook.retried());
    assertEquals(0, webhook.spooled());
    d.attempts.values().forEach(times -> assertEquals(3, times.size()));
  }

  @Test
  void disconnectsAreRetried() {
    ScriptedDispatcher d =
        new ScriptedDispatcher(
            n ->
                n == 1
                    ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)
                    : new MockResponse().setResponseCode(200));
    server.setDispatcher(d);
    try (SyncReporter reporter = reporter(config())) {
      ReportResult result = oneRun(reporter);
      assertTrue(result.allDelivered(), result.toString());
    }
    d.attempts.values().forEach(times -> assertEquals(2, times.size()));
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() {
    ScriptedDispatcher d =
        new ScriptedDispatcher(
            n ->
                n == 1
                    ? new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                    : new MockResponse().setResponseCode(200));
    server.setDispatcher(d);
    try (SyncReporter reporter = reporter(config())) {
      ReportResult result = oneRun(reporter);
      assertTrue(result.allDelivered(), result.toString());
    }
    d.attempts
        .values()
        .forEach(
            times -> {
              assertEquals(2, times.size());
              long gapMillis = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
              assertTrue(
                  gapMillis >= 950,
                  "retried after " + gapMillis + " ms although Retry-After said 1 s");
            });
  }

  @Test
  void badRequestIsNotRetriedAndIsDropped() {
    ScriptedDispatcher d =
        new ScriptedDispatcher(
            n -> new MockResponse().setResponseCode(400).setBody("{\"error\":\"bad\"}"));
    server.setDispatcher(d);
    ReportResult result;
    try (SyncReporter reporter = reporter(config())) {
      result = oneRun(reporter);
    }
    d.attempts.values().forEach(times -> assertEquals(1, times.size()));
    ReportResult.TargetResult webhook = result.target("webhook").orElseThrow();
    assertEquals(2, webhook.dropped());
    assertEquals(0, webhook.spooled());
    assertTrue(webhook.failures().get(0).contains("HTTP 400"), webhook.failures().toString());
  }

  @Test
  void reportReturnsWithinItsDeadlineAgainstAServerThatNeverAnswers() {
    server.setDispatcher(
        new ScriptedDispatcher(n -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE)));
    long start = System.nanoTime();
    ReportResult result;
    try (SyncReporter reporter = reporter(config().timeout(Duration.ofSeconds(2)))) {
      result = oneRun(reporter);
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < 3500, "report took " + tookMillis + " ms with a 2 s timeout");
    ReportResult.TargetResult webhook = result.target("webhook").orElseThrow();
    assertEquals(0, webhook.delivered());
    assertEquals(2, webhook.spooled(), result.toString());
  }

  @Test
  void spooledPayloadsAreDeliveredFirstByTheNextReport() throws Exception {
    ScriptedDispatcher down = new ScriptedDispatcher(n -> new MockResponse().setResponseCode(503));
    server.setDispatcher(down);
    ReportResult first;
    try (SyncReporter reporter = reporter(config().maxAttempts(1))) {
      first = oneRun(reporter);
    }
    assertEquals(2, first.target("webhook").orElseThrow().spooled());
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            order.add(request.getHeader(WebhookSignature.IDEMPOTENCY_HEADER));
            return new MockResponse();
          }
        });
    ReportResult second;
    try (SyncReporter reporter = reporter(config().webhookConcurrency(1))) {
      second = oneRun(reporter);
    }
    assertEquals(4, second.target("webhook").orElseThrow().delivered(), second.toString());
    List<String> firstKeys = first.payloads().stream().map(Payload::idempotencyKey).toList();
    assertEquals(firstKeys, order.subList(0, 2), "the backlog goes first, oldest first");
    assertTrue(
        order.indexOf(second.eventId() + ":__runtime__:syncing")
            < order.indexOf(second.eventId() + ":__runtime__"),
        "the run's announcement goes before its final __runtime__: " + order);
    assertEquals(5, new java.util.HashSet<>(order).size());
  }

  @Test
  void aSpooledPayloadIsRedeliveredInTheFormatItWasWrittenAfterTheSettingChanged()
      throws Exception {
    server.setDispatcher(new ScriptedDispatcher(n -> new MockResponse().setResponseCode(503)));
    ReportResult first;
    try (SyncReporter reporter =
        reporter(config().maxAttempts(1).payloadFormat(dev.syncmetrics.PayloadFormat.OCEAN))) {
      first = oneRun(reporter);
    }
    assertEquals(2, first.target("webhook").orElseThrow().spooled(), first.toString());
    Map<String, String> bodies = new ConcurrentHashMap<>();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            bodies.put(
                request.getHeader(WebhookSignature.IDEMPOTENCY_HEADER),
                request.getBody().readUtf8());
            return new MockResponse();
          }
        });
    ReportResult second;
    try (SyncReporter reporter = reporter(config())) {
      second = oneRun(reporter);
    }
    assertEquals(4, second.target("webhook").orElseThrow().delivered(), second.toString());
    for (Payload p : first.payloads()) {
      assertEquals(p.json(), bodies.get(p.idempotencyKey()), "byte for byte, still ocean");
      assertTrue(p.json().contains("\"kindIdentifier\""), p.json());
    }
    for (Payload p : second.payloads()) {
      assertTrue(bodies.get(p.idempotencyKey()).contains("\"kind_identifier\""), "new: seed");
    }
  }
}
