package dev.syncmetrics.internal.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Clock;
import dev.syncmetrics.catalog.CatalogServer;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.PostgresProcess;
import dev.syncmetrics.testing.SamplePayloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract, a signed webhook round trip, and two catalog replicas sharing one database,
 * on a real PostgreSQL 15 started for the test.
 */
class CatalogPostgresIT extends EntityStoreContract {
  static final String SECRET = "pg-secret";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static PostgresProcess pg;

  @BeforeAll
  static void startPostgres() {
    assumeTrue(
        PostgresProcess.installed(), "PostgreSQL 15 is not installed (scripts/test installs it)");
    pg = PostgresProcess.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  EntityStore newStore(Clock clock) {
    return JdbcEntityStore.open(location(pg.newDatabase()), clock);
  }

  static StoreLocation location(String url) {
    return StoreLocation.parse(url, PostgresProcess.USER, null);
  }

  static CatalogServer catalog(String db) throws Exception {
    return CatalogServer.builder()
        .port(0)
        .mappingsDir(CatalogTestMappings.DIR)
        .database(db, PostgresProcess.USER, null)
        .webhookSecret(SECRET)
        .build()
        .start();
  }

  static HttpResponse<String> postSigned(CatalogServer c, String json) throws Exception {
    long now = Instant.now().getEpochSecond();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(c.url() + "webhook"))
            .header("Content-Type", "application/json")
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                IndependentHmac.timestamped(SECRET.getBytes(StandardCharsets.UTF_8), now, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(CatalogServer c, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(c.url() + path.substring(1))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static String payload(String eventId, int raw) {
    return SamplePayloads.kind(eventId, "github", "github-prod", "repository", 0)
        .counts(raw, raw, raw)
        .duration(4)
        .json();
  }

  @Test
  void aSignedWebhookIsStoredInPostgres() throws Exception {
    String db = pg.newDatabase();
    try (CatalogServer c = catalog(db)) {
      HttpResponse<String> r = postSigned(c, payload("run-1", 42));

      assertEquals(200, r.statusCode(), r.body());
      assertEquals(2, JSON.readTree(r.body()).get("upserted").asInt()); // kind + phase metrics
    }
    try (EntityStore direct = JdbcEntityStore.open(location(db))) {
      assertEquals(
          42,
          direct
              .get("integration_kind_metrics", "repository-0")
              .orElseThrow()
              .entity()
              .properties()
              .get("raw_objects")
              .asInt());
    }
  }

  @Test
  void twoReplicasStartingTogetherShareOneDatabase() throws Exception {
    String db = pg.newDatabase();
    CompletableFuture<CatalogServer> startA = CompletableFuture.supplyAsync(() -> start(db));
    CompletableFuture<CatalogServer> startB = CompletableFuture.supplyAsync(() -> start(db));
    try (CatalogServer a = startA.get();
        CatalogServer b = startB.get()) {
      assertEquals(200, postSigned(a, payload("run-1", 10)).statusCode());
      HttpResponse<String> again = postSigned(b, payload("run-1", 10));
      assertEquals(200, postSigned(b, payload("run-2", 20)).statusCode());

      assertEquals(true, JSON.readTree(again.body()).get("duplicate").asBoolean());
      String path = "/api/blueprints/integration_kind_metrics/entities/repository-0";
      assertEquals(20, get(a, path).at("/properties/raw_objects").asInt());
      assertEquals(2, get(a, path + "/history").get("history").size());
      assertEquals(get(a, path + "/history"), get(b, path + "/history"));
    }
  }

  @Test
  void theSameEventRacingToBothReplicasIsStoredOnce() throws Exception {
    String db = pg.newDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (CatalogServer a = catalog(db);
        CatalogServer b = catalog(db)) {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 4; i++) {
          CatalogServer target = i % 2 == 0 ? a : b;
          String body = payload("run-" + round, round);
          answers.add(pool.submit(() -> postSigned(target, body)));
        }
      }
      int stored = 0;
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get();
        assertEquals(200, r.statusCode(), r.body());
        stored += JSON.readTree(r.body()).get("duplicate").asBoolean() ? 0 : 1;
      }
      assertEquals(10, stored);
      assertEquals(
          10,
          get(a, "/api/blueprints/integration_kind_metrics/entities/repository-0/history?limit=100")
              .get("history")
              .size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static CatalogServer start(String db) {
    try {
      return catalog(db);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
