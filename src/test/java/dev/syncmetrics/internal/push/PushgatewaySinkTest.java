package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.KindState;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.record.RunTotals;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class PushgatewaySinkTest {
  private static RunSnapshot run() {
    KindState k = new KindState("repository", 0, Clock.SYSTEM, () -> 1L);
    k.extracted(120);
    List<KindSnapshot> kinds = List.of(k.snapshot(System.nanoTime(), 1L));
    return new RunSnapshot(
        "github",
        "gh",
        "1.4.0",
        "e1",
        RunSnapshot.COMPLETED,
        Instant.EPOCH,
        Instant.EPOCH,
        kinds,
        RunTotals.of(kinds, true, 1.0, 1L));
  }

  private static PushgatewaySink sink(MockWebServer server, String password) {
    return new PushgatewaySink(
        URI.create(server.url("/").toString()),
        "sync",
        "pg",
        password,
        new OkHttpClient(),
        new RetryPolicy(3),
        Clock.SYSTEM);
  }

  private static long deadline() {
    return System.nanoTime() + 5_000_000_000L;
  }

  @Test
  void pushIsOnePutOfTheTextFormatToTheGroupWithBasicAuth() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("{\"status\":\"success\",\"data\":[]}"));
      server.enqueue(new MockResponse().setResponseCode(200));
      PushgatewaySink sink = sink(server, "pw");
      PushState state = new PushState();
      assertEquals(new PushgatewaySink.Outcome(0, null), sink.push(run(), state, deadline()));
      RecordedRequest read = server.takeRequest();
      assertEquals("GET", read.getMethod(), "a new process first reads its last-success times");
      assertEquals("/api/v1/metrics", read.getPath());
      assertEquals(
          "Basic " + Base64.getEncoder().encodeToString("pg:pw".getBytes(StandardCharsets.UTF_8)),
          read.getHeader("Authorization"));
      RecordedRequest r = server.takeRequest();
      assertEquals("PUT", r.getMethod());
      assertEquals(
          "/metrics/job/sync/integration_type/github/integration_identifier/gh", r.getPath());
      assertTrue(
          r.getHeader("Content-Type").startsWith("text/plain; version=0.0.4"),
          r.getHeader("Content-Type"));
      assertEquals(
          "Basic " + Base64.getEncoder().encodeToString("pg:pw".getBytes(StandardCharsets.UTF_8)),
          r.getHeader("Authorization"));
      String body = r.getBody().readUtf8();
      assertTrue(body.contains("# TYPE sync_object_count gauge"), body);
      assertTrue(
          body.contains(
              "sync_object_count{kind=\"repository\",kind_index=\"0\",phase=\"extract\",object_count_type=\"raw_extracted\",} 120.0"),
          body);
    }
  }

  @Test
  void aRefusedPushNamesTheStatusAndAnswerButNotTheCredentials() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(400).setBody("inconsistent metrics"));
      PushState seeded = new PushState();
      seeded.markSeeded();
      PushgatewaySink.Outcome o = sink(server, "pgPassw0rd").push(run(), seeded, deadline());
      String error = o.error();
      assertEquals(0, o.retried(), "a refused push is not retried");
      assertEquals(1, server.getRequestCount());
      assertTrue(error.contains("was 400"), error);
      assertTrue(error.contains("inconsistent metrics"), error);
      assertFalse(error.contains("pgPassw0rd"), error);
      assertFalse(error.contains("/metrics/job"), "the push URL is redacted: " + error);
    }
  }
}
