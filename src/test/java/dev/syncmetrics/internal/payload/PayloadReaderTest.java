package dev.syncmetrics.internal.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.CustomMetric;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Payloads of every format read back into the same run (for push and the spool). */
class PayloadReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The payloads of one recorded run, written in {@code format}. */
  private static List<Payload> run(PayloadFormat format) {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    CustomMetric calls = CustomMetric.of("api_calls", "Calls made", "endpoint");
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "github-prod", "1.4.0")
                    .payloadFormat(format)
                    .build())
            .clock(clock)
            .heapProbe(() -> 52_428_800L)
            .build()) {
      SyncRun run = reporter.startRun();
      KindRecorder repos = run.kind("repository", 0);
      try (PhaseTimer t = repos.time(Phase.EXTRACT)) {
        repos.extracted(120);
        repos.add(calls, Phase.EXTRACT, 3, "search");
        clock.advance(Duration.ofMillis(1200));
      }
      try (PhaseTimer t = repos.time(Phase.LOAD)) {
        repos.loaded(117);
        repos.loadFailed(1);
        repos.skipped(2);
        clock.advance(Duration.ofMillis(2100));
      }
      repos.deleted(3);
      KindRecorder mrs = run.kind("merge-request", 12);
      mrs.extracted(40);
      mrs.transformFailed(40);
      mrs.fail("all failed");
      return run.finish().payloads();
    }
  }

  @Test
  void theOceanFormatReadsBackToTheSameRunAsTheSeedFormat() {
    RunSnapshot seed = PayloadReader.run(run(PayloadFormat.SEED));
    RunSnapshot ocean = PayloadReader.run(run(PayloadFormat.OCEAN));

    assertEquals("github", ocean.integrationType());
    assertEquals("github-prod", ocean.integrationIdentifier());
    assertEquals("1.4.0", ocean.integrationVersion());
    assertEquals("failed", ocean.state());
    assertEquals(seed.reportedAt(), ocean.reportedAt());
    assertEquals(seed.kinds().size(), ocean.kinds().size());
    for (int i = 0; i < seed.kinds().size(); i++) {
      assertSameKind(seed.kinds().get(i), ocean.kinds().get(i));
    }
    assertSameKind(seed.runtime(), ocean.runtime());
    KindSnapshot mrs = ocean.kinds().get(1);
    assertEquals(12, mrs.index());
    assertEquals(40, mrs.count(Phase.TRANSFORM, "failed"));
    assertEquals(false, mrs.success());
  }

  private static void assertSameKind(KindSnapshot seed, KindSnapshot ocean) {
    assertEquals(seed.kindIdentifier(), ocean.kindIdentifier());
    assertEquals(seed.kind(), ocean.kind());
    assertEquals(seed.index(), ocean.index());
    assertEquals(seed.success(), ocean.success());
    for (Phase p : Phase.values()) {
      for (String type : p.countTypes()) {
        assertEquals(seed.count(p, type), ocean.count(p, type), p + " " + type);
      }
      assertEquals(seed.duration(p), ocean.duration(p), 1e-9, p + " duration");
      assertEquals(seed.memory(p), ocean.memory(p), p + " memory");
    }
    assertEquals(seed.custom(), ocean.custom(), "custom metrics");
  }

  @Test
  void parseTakesEitherSpellingAndNamesBothWhenAFieldIsMissing() throws Exception {
    Payload ocean = run(PayloadFormat.OCEAN).get(0);
    Payload parsed = PayloadReader.parse("ocean.json", ocean.body());
    assertEquals(ocean.eventId(), parsed.eventId());
    assertEquals("repository-0", parsed.kindIdentifier());
    assertEquals(PayloadFormat.OCEAN, PayloadReader.formatOf(JSON.readTree(ocean.body())));
    assertEquals(
        PayloadFormat.SEED,
        PayloadReader.formatOf(JSON.readTree(run(PayloadFormat.SEED).get(0).body())));

    byte[] noEvent =
        ("{\"integrationType\":\"github\",\"integrationIdentifier\":\"gh\","
                + "\"kindIdentifier\":\"repository-0\",\"kind\":\"repository\","
                + "\"metrics\":{\"phase\":{}}}")
            .getBytes(StandardCharsets.UTF_8);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PayloadReader.parse("x.json", noEvent));
    assertEquals(
        "x.json: field 'event_id' (or 'eventId') must be a non-empty string", e.getMessage());
  }

  @Test
  void aPayloadAsOcean048SendsItIsReadWithItsFloatCounts() {
    String body =
        "{\"integrationType\":\"github\",\"installationType\":\"OnPrem\","
            + "\"executionMode\":\"single_process\",\"integrationIdentifier\":\"github-prod\","
            + "\"integrationVersion\":\"0.1.0\",\"oceanVersion\":\"0.48.12\","
            + "\"kindIdentifier\":\"repository-12\",\"kind\":\"repository\",\"kindIndex\":12,"
            + "\"eventId\":\"e-1\",\"syncState\":\"completed\",\"blueprint\":\"\","
            + "\"metrics\":{\"phase\":{\"resync\":{\"duration_seconds\":8.38,\"success\":1.0},"
            + "\"extract\":{\"object_count_type\":{\"raw_extracted\":{\"object_count\":120.0}}},"
            + "\"load\":{\"object_count_type\":{\"loaded\":{\"object_count\":117.0},"
            + "\"failed\":{\"object_count\":1.0},\"skipped\":{\"object_count\":2.0}}}},"
            + "\"memory_max_bytes\":104857600.0,\"response_size_total_bytes\":0.0}}";
    Payload p = PayloadReader.parse("ocean.json", body.getBytes(StandardCharsets.UTF_8));
    RunSnapshot run = PayloadReader.run(List.of(p));
    KindSnapshot kind = run.kinds().get(0);
    assertEquals(12, kind.index());
    assertEquals(120, kind.count(Phase.EXTRACT, "raw_extracted"));
    assertEquals(117, kind.count(Phase.LOAD, "loaded"));
    assertEquals(2, kind.count(Phase.LOAD, "skipped"));
    assertEquals(8.38, kind.duration(Phase.RESYNC), 1e-9);
    assertTrue(kind.success());
    assertTrue(kind.custom().isEmpty(), "Ocean's resource figures are not custom metrics");
  }
}
