package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.payload.PayloadReader;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.signature.IdempotencyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reporting (issue 14) with {@code METRICS_PAYLOAD_FORMAT=ocean} (issue 12): the {@code
 * syncing} announcement, each kind's payload as it ends, the final {@code __runtime__}, and what
 * the write-ahead journal and the spool keep are all in the ocean format; a kept payload is
 * redelivered byte for byte as written, whatever format the redelivering reporter is set to, and
 * reads back into the run it came from.
 */
class LiveOceanFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 10;

  @TempDir Path spool;

  private SyncMetricsConfig.Builder config(MockWebServer server, PayloadFormat format) {
    return SyncMetricsConfig.builder()
        .enabled(true)
        .integration("github", "github-prod", "1.4.0")
        .payloadFormat(format)
        .webhookUrl(server.url("/hook").toString())
        .spoolDir(spool)
        .timeout(Duration.ofSeconds(10));
  }

  private static Dispatcher answering(int status) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setResponseCode(status);
      }
    };
  }

  private static RecordedRequest next(MockWebServer server) throws Exception {
    RecordedRequest r = server.takeRequest(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(r, "a request within " + WAIT_SECONDS + " s");
    return r;
  }

  /** An ocean body: camelCase top-level names only, counts as floats. */
  private static JsonNode assertOcean(byte[] body) throws Exception {
    JsonNode node = JSON.readTree(body);
    assertEquals(PayloadFormat.OCEAN, PayloadReader.formatOf(node), node.toString());
    for (String snake : List.of("sync_state", "event_id", "kind_identifier", "reported_at")) {
      assertFalse(node.has(snake), snake + " in " + node);
    }
    assertTrue(node.at("/metrics/phase/resync/success").isFloatingPointNumber(), node.toString());
    return node;
  }

  @Test
  void theAnnouncementEachEndedKindAndTheEndGoOutInTheOceanFormatAsTheyHappen() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(answering(200));
      server.start();
      try (SyncReporter reporter =
          SyncReporter.builder(config(server, PayloadFormat.OCEAN).build()).build()) {
        SyncRun run = reporter.startRun();

        RecordedRequest first = next(server);
        JsonNode announcement = assertOcean(first.getBody().readByteArray());
        assertEquals("syncing", announcement.path("syncState").asText());
        assertEquals("__runtime__", announcement.path("kindIdentifier").asText());
        assertEquals(0.0, announcement.at("/metrics/phase/resync/success").asDouble());
        assertEquals(
            run.eventId() + ":__runtime__:syncing",
            IdempotencyKey.key(first.getHeader("Idempotency-Key")));

        KindRecorder repos = run.kind("repository", 0);
        repos.extracted(3);
        repos.end();
        RecordedRequest ended = next(server); // before finish() is called
        byte[] endedBody = ended.getBody().readByteArray();
        JsonNode repo = assertOcean(endedBody);
        assertEquals("repository-0", repo.path("kindIdentifier").asText());
        assertEquals("completed", repo.path("syncState").asText());
        JsonNode extracted =
            repo.at("/metrics/phase/extract/object_count_type/raw_extracted/object_count");
        assertTrue(extracted.isFloatingPointNumber(), repo.toString());
        assertEquals(3.0, extracted.asDouble());
        assertEquals(
            3.0,
            repo.at("/metrics/phase/extract/objectCountType/rawExtracted/objectCount").asDouble());

        KindRecorder issues = run.kind("issue", 1);
        issues.extracted(2);
        issues.fail("boom");
        Instant finishing = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ReportResult result = run.finish();
        assertTrue(result.allDelivered(), result.toString());

        Map<String, byte[]> sent = new HashMap<>();
        sent.put(IdempotencyKey.key(ended.getHeader("Idempotency-Key")), endedBody);
        for (int i = 0; i < 2; i++) {
          RecordedRequest r = next(server);
          sent.put(IdempotencyKey.key(r.getHeader("Idempotency-Key")), r.getBody().readByteArray());
        }
        assertNull(server.takeRequest(0, TimeUnit.MILLISECONDS), "nothing sent twice");
        assertEquals(3, result.payloads().size());
        for (Payload p : result.payloads()) {
          assertArrayEquals(p.body(), sent.get(p.idempotencyKey()), p.idempotencyKey());
          assertOcean(p.body());
        }
        Map<String, JsonNode> bodies = new HashMap<>();
        for (Payload p : result.payloads()) {
          bodies.put(p.kindIdentifier(), JSON.readTree(p.body()));
        }
        assertEquals("failed", bodies.get("issue-1").path("syncState").asText());
        assertEquals("failed", bodies.get("__runtime__").path("syncState").asText());

        // read back (as push and the Pushgateway state of the spool do): the same run, per kind
        RunSnapshot read = PayloadReader.run(result.payloads());
        assertEquals(run.eventId(), read.eventId());
        assertEquals("failed", read.state());
        List<String> states = read.kinds().stream().map(KindSnapshot::state).toList();
        assertEquals(List.of("completed", "failed"), states);
        KindSnapshot readRepo = read.kinds().get(0);
        assertEquals(3, readRepo.count(dev.syncmetrics.Phase.EXTRACT, "raw_extracted"));
        assertEquals(Instant.parse(repo.path("reportedAt").asText()), readRepo.endedAt());
        assertFalse(readRepo.endedAt().isAfter(finishing), "reported when it ended");
        assertTrue(read.runtime().endedAt() != null && !read.reportedAt().isBefore(finishing));
      }
    }
  }

  @Test
  void whatALiveRunCouldNotDeliverIsKeptAndRedeliveredInTheOceanFormatAsWritten() throws Exception {
    ReportResult failed;
    try (MockWebServer down = new MockWebServer()) {
      down.setDispatcher(answering(503));
      down.start();
      try (SyncReporter reporter =
          SyncReporter.builder(config(down, PayloadFormat.OCEAN).maxAttempts(1).build()).build()) {
        SyncRun run = reporter.startRun();
        KindRecorder repos = run.kind("repository", 0);
        repos.extracted(5);
        repos.end(); // written ahead to the journal, then refused
        run.kind("issue", 1).extracted(1);
        failed = run.finish();
      }
    }
    assertEquals(3, failed.target("webhook").orElseThrow().spooled(), failed.toString());

    // the spool holds the run's payloads as they were written: ocean bodies, byte for byte
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(spool)) {
      for (Path f : all.filter(f -> f.toString().endsWith(".payload.json")).toList()) {
        files.add(Files.readAllBytes(f));
      }
    }
    assertEquals(3, files.size(), "kinds and __runtime__, not the announcement");
    List<Payload> kept = new ArrayList<>();
    for (byte[] body : files) {
      assertOcean(body);
      kept.add(PayloadReader.parse("spool", body));
    }
    RunSnapshot read = PayloadReader.run(kept);
    assertEquals(failed.eventId(), read.eventId());
    assertEquals("completed", read.state());
    assertEquals(2, read.kinds().size());

    // a reporter set to the seed format redelivers them as they were written
    try (MockWebServer up = new MockWebServer()) {
      up.setDispatcher(answering(200));
      up.start();
      try (SyncReporter reporter =
          SyncReporter.builder(config(up, PayloadFormat.SEED).build()).build()) {
        ReportResult again = reporter.redeliverSpool();
        assertEquals(3, again.target("webhook").orElseThrow().delivered(), again.toString());
      }
      Map<String, byte[]> redelivered = new HashMap<>();
      for (RecordedRequest r; (r = up.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
        redelivered.put(
            IdempotencyKey.key(r.getHeader("Idempotency-Key")), r.getBody().readByteArray());
      }
      assertEquals(3, redelivered.size());
      for (Payload p : failed.payloads()) {
        assertArrayEquals(p.body(), redelivered.get(p.idempotencyKey()), p.idempotencyKey());
      }
    }
  }
}
