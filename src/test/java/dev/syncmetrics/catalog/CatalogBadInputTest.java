package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per refusal the catalog gives; each answer is JSON and the server stays up. */
class CatalogBadInputTest {
  static final String SECRET = "webhook-secret-42";
  static final int LIMIT = 4096;

  @TempDir Path dir;
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
            .maxBodyBytes(LIMIT)
            .build()
            .start();
    http = new TestHttp(server.url());
  }

  @AfterEach
  void stillHealthyAfterwards() {
    try {
      assertEquals(200, http.get("/healthz").status());
    } finally {
      server.close();
    }
  }

  static String payload() {
    return SamplePayloads.kind("run-1", "github", "github-prod", "repository", 0)
        .counts(5, 4, 3)
        .json();
  }

  static void assertError(int status, TestHttp.Answer answer, String expectedText) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    String error = answer.json().get("error").asText();
    assertTrue(
        error.contains(expectedText), "'" + error + "' should contain '" + expectedText + "'");
    assertFalse(answer.body().contains(SECRET));
  }

  @Test
  void malformedJsonIs400WithItsLineAndColumn() {
    String body = "{\n  \"a\": 1,\n  \"b\": }\n";

    assertError(400, http.postSigned("/webhook", body, SECRET), "at line 3, column 8");
  }

  @Test
  void trailingGarbageAndEmptyBodiesAre400() {
    assertError(400, http.postSigned("/webhook", "{} {}", SECRET), "malformed JSON at line 1");
    assertError(400, http.postSigned("/webhook", "", SECRET), "empty");
  }

  @Test
  void absurdNestingIs400NotACrash() {
    String deep = "[".repeat(2000) + "]".repeat(2000);

    assertError(400, http.postSigned("/webhook", deep, SECRET), "malformed JSON");
  }

  @Test
  void jsonThatIsNotAnObjectIsAnsweredNotCrashedOn() {
    for (String body :
        new String[] {"[1,2]", "\"text\"", "42", "null", "{\"kind_identifier\":[]}"}) {
      TestHttp.Answer answer = http.postSigned("/webhook", body, SECRET);

      assertEquals(200, answer.status(), body + " -> " + answer.body());
      assertEquals(0, answer.json().get("upserted").asInt(), answer.body());
    }
  }

  @Test
  void aSignatureMadeWithAnotherSecretIs401() {
    assertError(401, http.postSigned("/webhook", payload(), "not-the-secret"), "does not match");
  }

  @Test
  void anUnsignedWebhookIs401() {
    assertError(401, http.postJson("/webhook", payload()), "missing X-Syncmetrics-Signature");
  }

  @Test
  void aValidSignatureOnAStaleTimestampIs401() {
    long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();

    assertError(
        401,
        http.postSignedAt("/webhook", payload(), SECRET, tenMinutesAgo),
        "more than 5 minutes");
    assertError(
        401,
        http.postSignedAt("/webhook", payload(), SECRET, tenMinutesAgo + 1200),
        "more than 5 minutes");
  }

  @Test
  void aBodyChangedAfterSigningIs401() {
    long now = Instant.now().getEpochSecond();
    byte[] signed = payload().getBytes(StandardCharsets.UTF_8);
    String signature =
        IndependentHmac.timestamped(SECRET.getBytes(StandardCharsets.UTF_8), now, signed);
    byte[] changed =
        payload()
            .replace("\"object_count\":5", "\"object_count\":6")
            .getBytes(StandardCharsets.UTF_8);

    TestHttp.Answer answer =
        http.send(
            "POST",
            "/webhook",
            "application/json",
            changed,
            WebhookSignature.TIMESTAMP_HEADER,
            Long.toString(now),
            WebhookSignature.SIGNATURE_HEADER,
            signature);

    assertError(401, answer, "does not match the timestamp and body");
    assertEquals(
        404, http.get("/api/blueprints/integration_kind_metrics/entities/repository-0").status());
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "{\"pad\":\"" + "x".repeat(LIMIT) + "\"}";

    assertError(413, http.postSigned("/webhook", big, SECRET), "larger than " + LIMIT);
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() throws Exception {
    byte[] big = ("{\"pad\":\"" + "x".repeat(LIMIT * 4) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url() + "webhook"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();

    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException closedWhileSending) {
      return; // the server may close the connection before the client has sent everything
    }
    assertEquals(413, r.statusCode(), r.body());
  }

  @Test
  void aBodyExactlyAtTheLimitIsRead() {
    String prefix = "{\"pad\":\"";
    String body = prefix + "x".repeat(LIMIT - prefix.length() - 2) + "\"}";
    assertEquals(LIMIT, body.length());

    assertEquals(200, http.postSigned("/webhook", body, SECRET).status());
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    byte[] body = payload().getBytes(StandardCharsets.UTF_8);

    assertError(415, http.send("POST", "/webhook", "text/plain", body), "text/plain is not JSON");
    assertError(415, http.send("POST", "/webhook", null, body), "Content-Type");
    assertEquals(
        200,
        http.send(
                "POST",
                "/webhook",
                "application/vnd.x+json; charset=utf-8",
                body,
                signatureHeaders(body))
            .status());
  }

  private static String[] signatureHeaders(byte[] body) {
    long now = Instant.now().getEpochSecond();
    return new String[] {
      WebhookSignature.TIMESTAMP_HEADER,
      Long.toString(now),
      WebhookSignature.SIGNATURE_HEADER,
      IndependentHmac.timestamped(SECRET.getBytes(StandardCharsets.UTF_8), now, body)
    };
  }

  @Test
  void unknownRoutesBlueprintsAndEntitiesAre404() {
    assertError(404, http.get("/nope"), "no such route");
    assertError(404, http.get("/api/blueprints/nope/entities"), "no blueprint 'nope'");
    assertError(404, http.get("/api/blueprints/integration/entities/nope"), "no entity 'nope'");
    assertError(404, http.get("/api/blueprints/integration/entities/nope/history"), "no entity");
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    TestHttp.Answer get = http.get("/webhook");
    TestHttp.Answer put =
        http.send(
            "PUT",
            "/api/blueprints/integration/entities",
            "application/json",
            "{}".getBytes(StandardCharsets.UTF_8));

    assertError(405, get, "GET is not allowed");
    assertEquals("POST", get.header("Allow"));
    assertError(405, put, "PUT is not allowed");
    assertEquals("GET, POST", put.header("Allow"));
  }

  @Test
  void badUrlsAndParametersAre400() throws IOException {
    // not a URI at all: the HTTP server refuses it before any route, and still in JSON
    String raw = rawGet("/api/blueprints/integration/entities/a%2");
    assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
    assertTrue(raw.contains("Content-Type: application/json"), raw);
    assertTrue(raw.contains("{\"error\":\"the request is malformed"), raw);
    assertError(400, http.get("/api/blueprints/integration/entities/%C3%28"), "UTF-8");
    assertError(400, http.get("/api/blueprints/integration/entities?limit=abc"), "limit");
    assertError(400, http.get("/api/blueprints/integration/entities?limit=0"), "limit");
  }

  private String rawGet(String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void unauthorizedWebhooksAreCountedByOutcome() {
    http.postJson("/webhook", payload());
    http.postSigned("/webhook", payload(), SECRET);

    String metrics = http.get("/metrics").body();
    assertTrue(
        metrics.contains("catalog_webhooks_received_total{outcome=\"unauthorized\",} 1.0"),
        metrics);
    assertTrue(
        metrics.contains("catalog_webhooks_received_total{outcome=\"accepted\",} 1.0"), metrics);
  }

  @Test
  void aClientThatLiesOrStallsDoesNotStopOthers() throws Exception {
    try (Socket liar = new Socket(InetAddress.getLoopbackAddress(), server.port());
        Socket staller = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = liar.getOutputStream();
      out.write(
          ("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 100\r\n\r\n{\"a\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      liar.shutdownOutput();
      staller
          .getOutputStream()
          .write("POST /webhook HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      staller.getOutputStream().flush();

      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> assertEquals(200, http.postSigned("/webhook", payload(), SECRET).status()));
    }
  }
}
