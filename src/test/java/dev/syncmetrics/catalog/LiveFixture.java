package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.testing.SamplePayloads;

/**
 * Posts payloads as a live reporter sends them (see docs/payload.md): {@code __runtime__} with
 * {@code syncing} when a run starts, each kind with its own {@code sync_state} as it ends, the
 * final {@code __runtime__} last. The start and the end of a run share an event id and a kind
 * identifier, so each payload gets its own {@code Idempotency-Key} ({@code
 * <event>:<kind>:<state>}); without it the catalog would take the final {@code __runtime__} for a
 * redelivery of the first.
 *
 * <pre>{@code
 * LiveFixture live = new LiveFixture(new TestHttp(catalog.url()));
 * live.post(SamplePayloads.runtime("run-1", "github", "github-prod").syncState("syncing"));
 * }</pre>
 */
final class LiveFixture {
  private final TestHttp http;

  LiveFixture(TestHttp http) {
    this.http = http;
  }

  void post(SamplePayloads payload) {
    JsonNode body = payload.build();
    String key =
        body.get("event_id").asText()
            + ":"
            + body.get("kind_identifier").asText()
            + ":"
            + body.get("sync_state").asText();
    TestHttp.Answer a = http.postJson("/webhook", body.toString(), "Idempotency-Key", key);
    assertEquals(200, a.status(), a.body());
  }
}
