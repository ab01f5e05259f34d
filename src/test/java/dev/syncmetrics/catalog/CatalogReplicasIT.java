package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.internal.catalog.store.JdbcEntityStore;
import dev.syncmetrics.internal.catalog.store.StoreLocation;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.PostgresProcess;
import dev.syncmetrics.testing.SamplePayloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog replicas as a deployment (issue 15): two catalog processes, as users run them (the jar),
 * on one real PostgreSQL 15; every event posted twice to each at once is stored once, their {@code
 * /metrics} sum to the truth, and the seen-event table is pruned by age, each old key counted by
 * the one replica that removed it.
 */
class CatalogReplicasIT {
  private static final String SECRET = "replica-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final int RUNS = 10;
  private static final int KINDS = 20;
  private static final int COPIES_PER_REPLICA = 2;
  private static final int ANCIENT = 12_000; // more than two pruning batches

  private static PostgresProcess pg;

  @TempDir Path logs;

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

  @Test
  void twoReplicasStoreEachEventOnceSumTheirMetricsAndPruneOldEventKeys() throws Exception {
    String db = pg.newDatabase();
    JdbcEntityStore.open(StoreLocation.parse(db, PostgresProcess.USER, null)).close(); // schema
    long longAgo = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
    execute(
        db,
        "INSERT INTO catalog_seen_event (event_key, seen_at)"
            + " SELECT '/webhook ancient-' || g, "
            + longAgo
            + " FROM generate_series(1, "
            + ANCIENT
            + ") g");

    CompletableFuture<CatalogProcess> startA = CompletableFuture.supplyAsync(() -> replica(db));
    CompletableFuture<CatalogProcess> startB = CompletableFuture.supplyAsync(() -> replica(db));
    try (CatalogProcess a = startA.get();
        CatalogProcess b = startB.get()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (count(db, "SELECT COUNT(*) FROM catalog_seen_event") > 0) {
        assertTrue(System.nanoTime() < deadline, "old keys still there after 60 s");
        Thread.sleep(100); // polling the replicas' work, not moving time
      }

      List<String> bodies = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        for (int kind = 0; kind < KINDS; kind++) {
          bodies.add(
              SamplePayloads.kind("run-" + run, "github", "github-prod", "repository", kind)
                  .counts(run, run, run)
                  .json());
        }
      }
      List<CatalogProcess> targets = new ArrayList<>();
      List<String> posts = new ArrayList<>();
      for (String body : bodies) {
        for (int copy = 0; copy < COPIES_PER_REPLICA; copy++) {
          posts.add(body);
          targets.add(a);
          posts.add(body);
          targets.add(b);
        }
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < posts.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new java.util.Random(15));
      ExecutorService pool = Executors.newFixedThreadPool(16);
      int stored = 0;
      try {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i : order) {
          String body = posts.get(i);
          CatalogProcess target = targets.get(i);
          answers.add(pool.submit(() -> postSigned(target, body)));
        }
        for (Future<HttpResponse<String>> f : answers) {
          HttpResponse<String> r = f.get();
          assertEquals(200, r.statusCode(), r.body());
          stored += JSON.readTree(r.body()).get("duplicate").asBoolean() ? 0 : 1;
        }
      } finally {
        pool.shutdownNow();
      }

      int events = RUNS * KINDS;
      assertEquals(events, stored, "each event stored by exactly one replica");
      for (int kind = 0; kind < KINDS; kind++) {
        String path =
            "/api/blueprints/integration_kind_metrics/entities/repository-"
                + kind
                + "/history?limit=100";
        assertEquals(RUNS, get(kind % 2 == 0 ? a : b, path).get("history").size(), path);
      }
      assertEquals(
          KINDS,
          count(
              db,
              "SELECT COUNT(*) FROM catalog_entity WHERE blueprint = 'integration_kind_metrics'"));
      // two keys per event: its Idempotency-Key (per route) and its signature (replays)
      assertEquals(
          events,
          count(db, "SELECT COUNT(*) FROM catalog_seen_event WHERE event_key LIKE '/webhook %'"));
      assertEquals(
          events,
          count(db, "SELECT COUNT(*) FROM catalog_seen_event WHERE event_key LIKE 'signature %'"));

      // what the documented PromQL sums over replicas: sum without (instance) (...)
      String ma = get(a, "/metrics").asText();
      String mb = get(b, "/metrics").asText();
      assertEquals(
          events,
          sum(ma, mb, "catalog_webhooks_received_total{outcome=\"accepted\",}")
              + sum(ma, mb, "catalog_webhooks_received_total{outcome=\"accepted_with_errors\",}"),
          "accepted across replicas = events stored");
      assertEquals(
          posts.size() - events,
          sum(ma, mb, "catalog_webhooks_received_total{outcome=\"duplicate\",}"),
          "every other post was a recognised duplicate");
      assertEquals(
          events,
          sum(
              ma,
              mb,
              "catalog_entities_upserted_total{blueprint=\"integration_kind_metrics\",source=\"webhook\",}"));
      assertEquals(
          ANCIENT,
          sum(ma, mb, "catalog_seen_events_pruned_total "),
          "each old key removed and counted by one replica");
    }
  }

  private CatalogProcess replica(String db) {
    return CatalogProcess.start(
        db, logs, "--db-user", PostgresProcess.USER, "--webhook-secret", SECRET, "--threads", "8");
  }

  private static HttpResponse<String> postSigned(CatalogProcess c, String json) throws Exception {
    long now = Instant.now().getEpochSecond();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(c.baseUrl() + "/webhook"))
            .header("Content-Type", "application/json")
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                IndependentHmac.timestamped(SECRET.getBytes(StandardCharsets.UTF_8), now, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON answer, or for {@code /metrics} the text as a JSON string. */
  private static JsonNode get(CatalogProcess c, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(c.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return path.equals("/metrics")
        ? JSON.getNodeFactory().textNode(r.body())
        : JSON.readTree(r.body());
  }

  /** The sum over both scrapes of the sample lines starting with {@code series}. */
  private static long sum(String scrapeA, String scrapeB, String series) {
    double total = 0;
    for (String scrape : List.of(scrapeA, scrapeB)) {
      for (String line : scrape.split("\n")) {
        if (line.startsWith(series)) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return Math.round(total);
  }

  private static void execute(String db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db, PostgresProcess.USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db, PostgresProcess.USER, "");
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
