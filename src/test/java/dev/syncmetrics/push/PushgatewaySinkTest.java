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
    return new RunSnapshot("github", "gh", "1.4.0", "e1", RunSnapshot.COMPLETED, Instant.EPOCH,
        Instant.EPOCH, kinds, RunTotals.of(kinds, true, 1.0, 1L));
  }

  @Test
  void pushIsOnePutOfDelimitedProtobufToTheGroupWithBasicAuth() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      PushgatewaySink sink = new PushgatewaySink(URI.create(server.url("/").toString()), "sync", "pg", "pw",
          new OkHttpClient());
      PushState state = new PushState();
      sink.push(run(), state, 5_000);
      RecordedRequest r = server.takeRequest();
      assertEquals("PUT", r.getMethod());
      assertEquals("/metrics/job/sync/integration_type/github/integration_identifier/gh", r.getPath());
      assertEquals(PushgatewayProtobuf.CONTENT_TYPE, r.getHeader("Content-Type"));
      assertEquals("Basic " + Base64.getEncoder().encodeToString("pg:pw".getBytes(StandardCharsets.UTF_8)),
          r.getHeader("Authorization"));
      byte[] body = r.getBody().readByteArray();
      assertEquals(body.length, delimitedTotal(body), "the body is a sequence of length-prefixed messages");
      assertTrue(new String(body, StandardCharsets.UTF_8).contains("sync_object_count"));
    }
  }

  @Test
  void aRefusedPushNamesTheStatusAndAnswerButNotTheCredentials() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(400).setBody("inconsistent metrics"));
      PushgatewaySink sink = new PushgatewaySink(URI.create(server.url("/").toString()), "sync", "pg",
          "pgPassw0rd", new OkHttpClient());
      IOException e = assertThrows(IOException.class, () -> sink.push(run(), new PushState(), 5_000));
      assertTrue(e.getMessage().contains("was 400"), e.getMessage());
      assertTrue(e.getMessage().contains("inconsistent metrics"), e.getMessage());
      assertFalse(e.getMessage().contains("pgPassw0rd"), e.getMessage());
      assertFalse(e.getMessage().contains("/metrics/job"), "the push URL is redacted: " + e.getMessage());
    }
  }

  /** Walks the varint length prefixes; returns the bytes they account for. */
  private static int delimitedTotal(byte[] body) {
    int i = 0;
    while (i < body.length) {
      int length = 0;
      int shift = 0;
      byte b;
      do {
        b = body[i++];
        length |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      i += length;
    }
    return i;
  }
}
