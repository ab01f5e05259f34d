package dev.syncmetrics.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Clock;
import dev.syncmetrics.payload.RunTotals;
import dev.syncmetrics.record.KindSnapshot;
import dev.syncmetrics.record.KindState;
import dev.syncmetrics.record.RunSnapshot;
import java.io.IOException;
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

  @Test
  void pushIsOnePutOfTheTextFormatToTheGroupWithBasicAuth() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      PushgatewaySink sink =
          new PushgatewaySink(
              URI.create(server.url("/").toString()), "sync", "pg", "pw", new OkHttpClient());
      PushState state = new PushState();
      sink.push(run(), state, 5_000);
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
      PushgatewaySink sink =
          new PushgatewaySink(
              URI.create(server.url("/").toString()),
              "sync",
              "pg",
              "pgPassw0rd",
              new OkHttpClient());
      IOException e =
          assertThrows(IOException.class, () -> sink.push(run(), new PushState(), 5_000));
      assertTrue(e.getMessage().contains("was 400"), e.getMessage());
      assertTrue(e.getMessage().contains("inconsistent metrics"), e.getMessage());
      assertFalse(e.getMessage().contains("pgPassw0rd"), e.getMessage());
      assertFalse(
          e.getMessage().contains("/metrics/job"), "the push URL is redacted: " + e.getMessage());
    }
  }
}
