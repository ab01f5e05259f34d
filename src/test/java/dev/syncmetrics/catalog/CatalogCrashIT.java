package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog as its own process: killed mid-stream, stopped with SIGTERM, slow clients. */
class CatalogCrashIT {
  static final String SECRET = "crash-secret";
  static final String KINDS = "/api/blueprints/integration_kind_metrics/entities/";

  @TempDir Path dir;

  @Test
  void everyWebhookAnswered200SurvivesAKill() throws Exception {
    String db = dir.resolve("catalog.db").toString();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    CountDownLatch sixtyAcknowledged = new CountDownLatch(60);
    AtomicBoolean stop = new AtomicBoolean();
    try (CatalogProcess first = CatalogProcess.start(db, dir, "--webhook-secret", SECRET)) {
      TestHttp http = new TestHttp(first.baseUrl());
      List<Thread> posters = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        Thread poster =
            new Thread(
                () -> post(http, thread, acknowledged, sixtyAcknowledged, stop), "poster-" + t);
        poster.start();
        posters.add(poster);
      }
      assertTrue(
          sixtyAcknowledged.await(60, TimeUnit.SECONDS),
          "60 webhooks answered 200 within a minute; got " + acknowledged.size());
      first.kill(); // SIGKILL while the posters are still sending
      stop.set(true);
      for (Thread p : posters) {
        p.join(30_000);
      }
      assertFalse(first.isAlive());
    }

    try (CatalogProcess second = CatalogProcess.start(db, dir, "--webhook-secret", SECRET)) {
      TestHttp http = new TestHttp(second.baseUrl());
      List<String> missing = new ArrayList<>();
      for (String id : acknowledged) {
        if (http.get(KINDS + id).status() != 200) {
          missing.add(id);
        }
      }
      assertEquals(List.of(), missing, "acknowledged before the kill but lost");
      String next = SamplePayloads.kind("after", "github", "crash", "after", 0).json();
      assertEquals(200, http.postSigned("/webhook", next, SECRET).status());
    }
  }

  /** Posts kind payloads until stopped; remembers the entity of every one answered 200. */
  private static void post(
      TestHttp http,
      int thread,
      Set<String> acknowledged,
      CountDownLatch counted,
      AtomicBoolean stop) {
    for (int i = 0; !stop.get(); i++) {
      String kind = "k" + thread;
      String body =
          SamplePayloads.kind("run-" + thread + "-" + i, "github", "crash", kind, i)
              .counts(i, i, i)
              .json();
      try {
        if (http.postSigned("/webhook", body, SECRET).status() == 200) {
          acknowledged.add(kind + "-" + i);
          counted.countDown();
        }
      } catch (UncheckedIOException killed) {
        return;
      }
    }
  }

  @Test
  void sigtermStopsItCleanly() {
    Path db = dir.resolve("c.db");
    try (CatalogProcess c = CatalogProcess.start(db.toString(), dir)) {
      assertTrue(
          c.output().contains("catalog ready: http://127.0.0.1:" + c.port() + "/"), c.output());
      String body = SamplePayloads.kind("run-1", "github", "term", "repository", 0).json();
      assertEquals(200, new TestHttp(c.baseUrl()).postJson("/webhook", body).status());
      assertTrue(Files.exists(Path.of(db + "-wal")), "a write-ahead log while running");

      int exit = c.stop();

      // the JVM's exit status after SIGTERM is 128 + 15; the shutdown hook closed everything
      assertEquals(143, exit, c.output());
      assertTrue(c.output().contains("catalog stopped"), c.output());
      assertFalse(Files.exists(Path.of(db + "-wal")), "the store was closed (WAL checkpointed)");
    }
  }

  @Test
  void aClientThatStallsMidBodyIsCutOffAfterTheRequestTimeout() throws Exception {
    try (CatalogProcess c =
            CatalogProcess.start(dir.resolve("c.db").toString(), dir, "--request-timeout", "2");
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), c.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"a\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      // the catalog closes the connection: the read ends (EOF or reset) instead of hanging
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> readUntilClosed(socket));
      assertEquals(200, new TestHttp(c.baseUrl()).get("/healthz").status());
    }
  }

  private static void readUntilClosed(Socket socket) {
    try (InputStream in = socket.getInputStream()) {
      while (in.read() >= 0) {
        // drain whatever the server says
      }
    } catch (IOException reset) {
      // closed by the server
    }
  }
}
