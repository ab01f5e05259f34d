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
import dev.syncmetrics.internal.spool.LastSuccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushgatewaySinkTest {
  @TempDir Path stateDir;

  private static RunSnapshot run(boolean success, Instant at) {
    KindState k = new KindState("repository", 0, Clock.SYSTEM, () -> 1L);
    k.extracted(120);
    if (!success) {
      k.fail("source down");
    }
    List<KindSnapshot> kinds = List.of(k.snapshot(System.nanoTime(), 1L));
    return new RunSnapshot(
        "github",
        "gh",
        "1.4.0",
        "e1",
        success ? RunSnapshot.COMPLETED : RunSnapshot.FAILED,
        at,
        at,
        kinds,
        RunTotals.of(kinds, success, 1.0, 1L));
  }

  private static RunSnapshot run() {
    return run(true, Instant.EPOCH);
  }

  private PushgatewaySink sink(MockWebServer server, String password) {
    return new PushgatewaySink(
        server.url("/"),
        "sync",
        "pg",
        password,
        new LastSuccessFile(stateDir),
        new RetryPolicy(3),
        Clock.SYSTEM);
  }

  private static long deadline() {
    return System.nanoTime() + 5_000_000_000L;
  }

  @Test
  void pushIsOnePutOfTheTextFormatToTheGroupWithBasicAuthAndNoRead() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      PushgatewaySink sink = sink(server, "pw");
      assertEquals(
          new PushgatewaySink.Outcome(0, null), sink.push(run(), new PushState(), deadline()));
      assertEquals(1, server.getRequestCount(), "nothing is read from the Pushgateway");
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
  void aNewProcessWhoseFirstRunFailsKeepsTheLastSuccessAnEarlierProcessKept() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      server.enqueue(new MockResponse().setResponseCode(200));
      PushState first = new PushState();
      RunSnapshot ok = run(true, Instant.ofEpochSecond(1_763_719_200));
      first.runFinished(ok);
      sink(server, "pw").push(ok, first, deadline());
      server.takeRequest();

      PushState second = new PushState(); // another process: nothing in memory
      RunSnapshot failed = run(false, Instant.ofEpochSecond(1_763_722_800));
      second.runFinished(failed);
      sink(server, "pw").push(failed, second, deadline());
      String body = server.takeRequest().getBody().readUtf8();

      assertTrue(
          body.contains(
              "sync_last_success_timestamp_seconds{kind=\"repository\",kind_index=\"0\",} 1.7637192E9"),
          body);
      assertTrue(body.contains("sync_success{kind=\"repository\",kind_index=\"0\",} 0.0"), body);
    }
  }

  @Test
  void aRefusedPushNamesTheStatusAndAnswerButNotTheCredentials() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse()
              .setResponseCode(400)
              .setBody("inconsistent metrics; you sent Authorization: Basic cGc6cGdQYXNzdzByZA=="));
      PushgatewaySink.Outcome o =
          sink(server, "pgPassw0rd").push(run(), new PushState(), deadline());
      String error = o.error();
      assertEquals(0, o.retried(), "a refused push is not retried");
      assertEquals(1, server.getRequestCount());
      assertTrue(error.contains("HTTP 400: inconsistent metrics"), error);
      assertFalse(error.contains("pgPassw0rd"), error);
      assertFalse(error.contains("cGc6cGdQYXNzdzByZA"), error);
      assertFalse(error.contains("/metrics/job"), "the push URL is redacted: " + error);
    }
  }

  @Test
  void aRedirectIsAFailureNamingItsLocationAndIsNotFollowed() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse()
              .setResponseCode(302)
              .setHeader("Location", "/login?next=%2Fmetrics&token=tok3nInTheQuery"));
      server.enqueue(new MockResponse().setResponseCode(200));
      PushgatewaySink.Outcome o = sink(server, "pw").push(run(), new PushState(), deadline());

      assertEquals(1, server.getRequestCount(), "the redirect is not followed");
      assertEquals(0, o.retried());
      String error = o.error();
      assertTrue(
          error.contains(
              "HTTP 302 redirect to "
                  + server.url("/login").toString().replace("/login", "/login?***")),
          error);
      assertFalse(error.contains("tok3nInTheQuery"), error);
    }
  }
}
