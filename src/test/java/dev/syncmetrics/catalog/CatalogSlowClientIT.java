package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.SamplePayloads;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot take the catalog offline: 1,000 slowloris connections (half sending a header
 * line at a time, half a body byte at a time, each reconnected when the catalog cuts it off) are
 * held open while the reporter delivers 1,000 signed payloads; every one is delivered. And a burst
 * of 500 webhooks at once against 2 workers is answered 200 or 503 with {@code Retry-After}, never
 * with a reset, and retrying the 503s stores every one.
 *
 * <p>{@code -Dslowloris=0} runs the first test without the attack, for the baseline.
 */
class CatalogSlowClientIT {
  static final String SECRET = "slow-client-secret";
  static final String KINDS = "/api/blueprints/integration_kind_metrics/entities?limit=10000";

  @TempDir Path dir;

  /**
   * Holds connections open by sending a little on each, every {@code period}; a connection the
   * catalog closes is opened again (so the catalog gains nothing by closing it).
   */
  static final class Slowloris implements AutoCloseable {
    final int port;
    final List<Socket> sockets = new ArrayList<>();
    final AtomicInteger reconnects = new AtomicInteger();
    final AtomicInteger rounds = new AtomicInteger();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread driver;
    volatile int heldInLastRound;

    Slowloris(int port, int connections, Duration period, Instant deadline) throws IOException {
      this.port = port;
      for (int i = 0; i < connections; i++) {
        sockets.add(open(i));
      }
      driver =
          new Thread(
              () -> {
                while (!stop.get() && Instant.now().isBefore(deadline)) {
                  drip();
                  try {
                    Thread.sleep(period.toMillis()); // paces the attack, moves no clock
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "slowloris");
      driver.setDaemon(true);
      driver.start();
    }

    /** Even sockets drip headers, odd ones a declared body; both start without finishing. */
    Socket open(int i) throws IOException {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      String start =
          i % 2 == 0
              ? "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              : "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 100000\r\n\r\n{";
      s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
      return s;
    }

    void drip() {
      int held = 0;
      for (int i = 0; i < sockets.size(); i++) {
        Socket s = sockets.get(i);
        try {
          OutputStream out = s.getOutputStream();
          out.write((i % 2 == 0 ? "X-Drip: 1\r\n" : " ").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          if (s.getInputStream().available() > 0) {
            throw new IOException("answered");
          }
          held++;
        } catch (IOException closedByTheCatalog) {
          try {
            s.close();
            sockets.set(i, open(i));
            reconnects.incrementAndGet();
          } catch (IOException cannotReconnect) {
            // counted as not held this round
          }
        }
      }
      heldInLastRound = held;
      rounds.incrementAndGet();
    }

    @Override
    public void close() throws IOException {
      stop.set(true);
      driver.interrupt();
      try {
        driver.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void aThousandSlowlorisConnectionsDoNotStopAThousandSignedPayloads() throws Exception {
    try (CatalogServer catalog =
            CatalogServer.builder()
                .port(0)
                .mappingsDir(CatalogTestMappings.DIR)
                .database(dir.resolve("catalog.db").toString())
                .webhookSecret(SECRET)
                .build()
                .start();
        Slowloris slowloris =
            new Slowloris(
                catalog.port(),
                Integer.getInteger("slowloris", 1000),
                Duration.ofSeconds(1),
                Instant.now().plusSeconds(240));
        SyncReporter reporter =
            SyncReporter.builder(
                    SyncMetricsConfig.builder()
                        .enabled(true)
                        .integration("github", "slowloris", "1.0.0")
                        .webhookUrl(catalog.url() + "webhook")
                        .webhookSecret(SECRET)
                        .webhookConcurrency(32)
                        .spoolDir(dir.resolve("spool"))
                        .timeout(Duration.ofSeconds(120))
                        .build())
                .build()) {
      long roundsBefore = slowloris.rounds.get();
      long start = System.nanoTime();
      ReportResult result;
      try (SyncRun run = reporter.startRun()) {
        for (int i = 0; i < 999; i++) {
          KindRecorder kind = run.kind("kind" + i, i);
          kind.extracted(i);
          kind.transformed(i);
          kind.loaded(i);
        }
        result = run.finish();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int held = slowloris.heldInLastRound;
      System.out.printf(
          "slowloris: %d connections, %d held in the last round, %d reconnected, %d rounds"
              + " during the report; report %s in %.1f s%n",
          slowloris.sockets.size(),
          held,
          slowloris.reconnects.get(),
          slowloris.rounds.get() - roundsBefore,
          result.target("webhook").orElseThrow(),
          seconds);

      ReportResult.TargetResult webhook = result.target("webhook").orElseThrow();
      assertEquals(1000, webhook.delivered(), webhook.toString());
      assertTrue(webhook.ok(), webhook.toString());
      assertTrue(held >= 900, "the slowloris connections were held open: " + held);
      TestHttp http = new TestHttp(catalog.url());
      assertEquals(999, http.get(KINDS).json().get("entities").size());
      assertEquals(200, http.get("/api/blueprints/integration/entities/github-slowloris").status());
      assertEquals(200, http.get("/healthz").status());
    }
  }

  @Test
  void aBurstBeyondTheWorkersIsAnswered503WithRetryAfterNeverReset() throws Exception {
    try (CatalogServer catalog =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .webhookSecret(SECRET)
            .threads(2) // 2 workers and 32 waiting: most of a burst of 500 must be turned away
            .build()
            .start()) {
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      Map<Integer, String> bodies = new ConcurrentHashMap<>();
      for (int i = 0; i < 500; i++) {
        bodies.put(
            i,
            SamplePayloads.kind("burst-" + i, "github", "burst", "kind" + i, i)
                .counts(i, i, i)
                .json());
      }
      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String> problems = new ArrayList<>();
      Map<Integer, String> pending = new TreeMap<>(bodies);
      Instant deadline = Instant.now().plusSeconds(180);
      int round = 0;
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        round++;
        Map<Integer, CompletableFuture<HttpResponse<String>>> sent = new TreeMap<>();
        pending.forEach(
            (i, body) ->
                sent.put(
                    i,
                    client.sendAsync(signed(catalog, body), HttpResponse.BodyHandlers.ofString())));
        Map<Integer, String> again = new TreeMap<>();
        long retryAfter = 0;
        for (Map.Entry<Integer, CompletableFuture<HttpResponse<String>>> e : sent.entrySet()) {
          try {
            HttpResponse<String> r = e.getValue().get(60, TimeUnit.SECONDS);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 503) {
              String after = r.headers().firstValue("Retry-After").orElse(null);
              if (after == null) {
                problems.add(e.getKey() + ": 503 without Retry-After");
              } else {
                retryAfter = Math.max(retryAfter, Long.parseLong(after));
              }
              again.put(e.getKey(), bodies.get(e.getKey()));
            } else if (r.statusCode() != 200) {
              problems.add(e.getKey() + ": " + r.statusCode() + " " + r.body());
            }
          } catch (java.util.concurrent.ExecutionException failed) {
            problems.add(e.getKey() + ": " + failed.getCause());
          }
        }
        pending = again;
        if (!pending.isEmpty()) {
          Thread.sleep(
              retryAfter * 1000); // what Retry-After asks of a client, as the reporter does
        }
      }
      System.out.println(
          "burst of 500 against 2 workers: answers " + statuses + " over " + round + " rounds");

      assertEquals(List.of(), problems, "every answer was 200, or 503 with Retry-After");
      assertTrue(pending.isEmpty(), "every payload stored after retries: " + pending.size());
      assertTrue(statuses.getOrDefault(503, 0) > 0, "the burst went beyond the workers");
      assertEquals(
          500,
          new TestHttp(catalog.url()).get(KINDS).json().get("entities").size(),
          "every payload stored once");
    }
  }

  static HttpRequest signed(CatalogServer catalog, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    return HttpRequest.newBuilder(URI.create(catalog.url() + "webhook"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header(
            dev.syncmetrics.internal.signature.WebhookSignature.TIMESTAMP_HEADER,
            Long.toString(now))
        .header(
            dev.syncmetrics.internal.signature.WebhookSignature.SIGNATURE_HEADER,
            dev.syncmetrics.testing.IndependentHmac.timestamped(
                SECRET.getBytes(StandardCharsets.UTF_8), now, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }
}
