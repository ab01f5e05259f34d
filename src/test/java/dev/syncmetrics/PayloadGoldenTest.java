package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RecordingRun;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.testing.FakeClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The payloads of recorded runs in each {@link PayloadFormat}, compared with hand-written golden
 * files: src/test/resources/golden (the seed format, by value) and golden/ocean (the ocean format,
 * where a number must also be written as Ocean writes it: {@code 120.0}, not {@code 120}).
 */
class PayloadGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
  private SyncReporter reporter = reporter(PayloadFormat.SEED);
  private PayloadFormat format = PayloadFormat.SEED;

  private SyncReporter reporter(PayloadFormat format) {
    return SyncReporter.builder(
            SyncMetricsConfig.builder()
                .enabled(true)
                .integration("github", "github-prod", "1.4.0")
                .payloadFormat(format)
                .build())
        .clock(clock)
        .heapProbe(() -> 52_428_800L)
        .build();
  }

  private void use(PayloadFormat format) {
    reporter.close();
    this.format = format;
    this.reporter = reporter(format);
  }

  @AfterEach
  void close() {
    reporter.close();
  }

  private void step(KindRecorder kind, Phase phase, double seconds, Runnable work) {
    try (PhaseTimer t = kind.time(phase)) {
      work.run();
      clock.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void normalRun(PayloadFormat format) throws Exception {
    use(format);
    SyncRun run = reporter.startRun();
    KindRecorder repos = run.kind("repository", 0);
    step(repos, Phase.EXTRACT, 1.2, () -> repos.extracted(120));
    step(
        repos,
        Phase.TRANSFORM,
        0.3,
        () -> {
          repos.transformed(118);
          repos.filteredOut(1);
          repos.transformFailed(1);
        });
    step(
        repos,
        Phase.LOAD,
        2.1,
        () -> {
          repos.loaded(117);
          repos.loadFailed(1);
        });
    repos.deleted(3);
    clock.advance(Duration.ofMillis(500));
    repos.end(); // its payload is reported now: reported_at 10:00:04.100
    clock.advance(Duration.ofMillis(200));
    Map<String, JsonNode> payloads = payloads(run.finish());
    assertGolden("normal-repository.json", payloads.get("repository-0"));
    assertGolden("normal-runtime.json", payloads.get("__runtime__"));
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void failedKindFailsTheRun(PayloadFormat format) throws Exception {
    use(format);
    SyncRun run = reporter.startRun();
    KindRecorder mrs = run.kind("merge-request", 12);
    step(mrs, Phase.EXTRACT, 0.5, () -> mrs.extracted(40));
    step(
        mrs,
        Phase.TRANSFORM,
        1.5,
        () -> {
          mrs.transformed(10);
          mrs.transformFailed(30);
        });
    mrs.fail(new IllegalStateException("too many bad records"));
    ReportResult result = run.finish();
    assertEquals("failed", result.state());
    Map<String, JsonNode> payloads = payloads(result);
    assertGolden("failed-kind.json", payloads.get("merge-request-12"));
    assertGolden("failed-runtime.json", payloads.get("__runtime__"));
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void emptyKindReportsZeros(PayloadFormat format) throws Exception {
    use(format);
    SyncRun run = reporter.startRun();
    run.kind("user", 3);
    clock.advance(Duration.ofMillis(750));
    assertGolden("empty-kind.json", payloads(run.finish()).get("user-3"));
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void customMetricsNestUnderTheirLabels(PayloadFormat format) throws Exception {
    use(format);
    CustomMetric calls =
        CustomMetric.of("api_calls", "Calls made to the API", "endpoint", "method");
    CustomMetric rate = CustomMetric.of("rate_limit_remaining", "API quota left at the end");
    SyncRun run = reporter.startRun();
    KindRecorder repos = run.kind("repository", 0);
    step(
        repos,
        Phase.EXTRACT,
        1.0,
        () -> {
          repos.extracted(7);
          repos.add(calls, Phase.EXTRACT, 3, "repos", "GET");
          repos.add(calls, Phase.EXTRACT, 2, "search", "GET");
          repos.add(calls, Phase.EXTRACT, 2, "search", "GET");
          repos.set(calls, Phase.EXTRACT, 1, "search", "POST");
        });
    repos.set(rate, Phase.RESYNC, 4990.5);
    assertGolden("custom-metric.json", payloads(run.finish()).get("repository-0"));
  }

  /**
   * The seed format byte for byte as the writer produced it before the formats existed (golden
   * seed-bytes.txt, one payload per line with the event id as E): key order, number spelling and
   * all. One change is on purpose (issue 14, per-kind states): a kind that succeeded in a failed
   * run says {@code completed}, not the run's {@code failed}.
   */
  @Test
  void theSeedFormatIsByteForByteWhatItWas() throws Exception {
    SyncRun run = reporter.startRun();
    KindRecorder k = run.kind("repository", 0);
    step(k, Phase.EXTRACT, 1.2, () -> k.extracted(120));
    step(
        k,
        Phase.TRANSFORM,
        0.3,
        () -> {
          k.transformed(118);
          k.filteredOut(1);
          k.transformFailed(1);
        });
    step(
        k,
        Phase.LOAD,
        2.1,
        () -> {
          k.loaded(117);
          k.loadFailed(1);
        });
    k.deleted(3);
    k.set(CustomMetric.of("api_calls", "h", "endpoint"), Phase.EXTRACT, 3, "search");
    KindRecorder m = run.kind("merge-request", 12);
    m.extracted(4);
    m.fail("x");
    run.kind("user", 3);
    StringBuilder actual = new StringBuilder();
    for (Payload p : run.finish().payloads()) {
      actual.append(p.json().replace(p.eventId(), "E")).append('\n');
    }
    try (InputStream in = PayloadGoldenTest.class.getResourceAsStream("/golden/seed-bytes.txt")) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual.toString());
    }
  }

  @Test
  void everyRunHasOnePayloadPerKindThenRuntimeSharingOneEventId() {
    SyncRun run = reporter.startRun();
    run.kind("repository", 1).extracted(1);
    run.kind("repository", 0).extracted(2);
    run.kind("issue", 2).extracted(3);
    ReportResult result = run.finish();
    List<String> ids =
        result.payloads().stream().map(Payload::kindIdentifier).collect(Collectors.toList());
    assertEquals(List.of("repository-0", "repository-1", "issue-2", "__runtime__"), ids);
    assertTrue(result.payloads().stream().allMatch(p -> p.eventId().equals(run.eventId())));
    assertEquals(36, run.eventId().length());
  }

  @Test
  void aRunClosedWithoutFinishIsAbortedWithTheKindsItHadNotEnded() throws Exception {
    SyncRun run = reporter.startRun();
    run.kind("repository", 0).extracted(5);
    run.close();
    assertEquals("aborted", run.result().state());
    JsonNode runtime = payloads(run.result()).get("__runtime__");
    assertEquals("aborted", runtime.path("sync_state").asText());
    assertEquals(0, runtime.at("/metrics/phase/resync/success").asInt());
    JsonNode kind = payloads(run.result()).get("repository-0");
    assertEquals("aborted", kind.path("sync_state").asText());
    assertEquals(0, kind.at("/metrics/phase/resync/success").asInt());
  }

  @Test
  void anAbortedRunKeepsItsEndedKindsCompletedAndReportsTheOthersAborted() throws Exception {
    SyncRun run = reporter.startRun();
    KindRecorder repos = run.kind("repository", 0);
    step(repos, Phase.EXTRACT, 1.0, () -> repos.extracted(10));
    repos.end();
    KindRecorder issues = run.kind("issue", 1);
    step(issues, Phase.EXTRACT, 0.5, () -> issues.extracted(5));
    ReportResult result = run.abort("deploy");
    assertEquals("aborted", result.state());
    Map<String, JsonNode> payloads = payloads(result);
    assertEquals("completed", payloads.get("repository-0").path("sync_state").asText());
    assertEquals(1, payloads.get("repository-0").at("/metrics/phase/resync/success").asInt());
    assertGolden("aborted-kind.json", payloads.get("issue-1"));
    assertGolden("aborted-runtime.json", payloads.get("__runtime__"));
    assertEquals(
        List.of("completed", "aborted", "aborted"),
        result.kinds().stream().map(ReportResult.KindResult::state).toList());
    assertEquals(result, run.abort("again"), "an ended run keeps its result");
  }

  @Test
  void aKindThatSucceededInAFailedRunSaysCompleted() throws Exception {
    SyncRun run = reporter.startRun();
    run.kind("repository", 0).extracted(1);
    run.kind("issue", 1).fail("boom");
    ReportResult result = run.finish();
    Map<String, JsonNode> payloads = payloads(result);
    assertEquals("failed", result.state());
    assertEquals("completed", payloads.get("repository-0").path("sync_state").asText());
    assertEquals("failed", payloads.get("issue-1").path("sync_state").asText());
    assertEquals("failed", payloads.get("__runtime__").path("sync_state").asText());
  }

  @Test
  void theStartOfARunIsAnnouncedAsSyncing() throws Exception {
    RecordingRun run =
        new RecordingRun(
            new RecordingRun.Identity("github", "github-prod", "1.4.0"),
            clock,
            () -> 52_428_800L,
            new RecordingRun.Listener() {
              @Override
              public void started(RunSnapshot syncing) {}

              @Override
              public void kindEnded(RunSnapshot syncing, KindSnapshot kind) {}

              @Override
              public ReportResult ended(RunSnapshot r, List<KindSnapshot> endedNow) {
                return ReportResult.disabled();
              }
            });
    Payload announcement = new PayloadWriter("0.1.0").announcement(run.syncing());
    assertEquals(run.eventId() + ":__runtime__:syncing", announcement.idempotencyKey());
    assertGolden("syncing-runtime.json", JSON.readTree(announcement.body()));
  }

  @Test
  void finishingTwiceReportsOnce() {
    SyncRun run = reporter.startRun();
    ReportResult first = run.finish();
    run.close();
    assertEquals(first, run.finish());
    assertEquals("completed", first.state());
  }

  private static Map<String, JsonNode> payloads(ReportResult result) {
    return result.payloads().stream()
        .collect(
            Collectors.toMap(
                Payload::kindIdentifier,
                p -> {
                  try {
                    return JSON.readTree(p.body());
                  } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                  }
                }));
  }

  private void assertGolden(String file, JsonNode actual) throws Exception {
    boolean seed = format == PayloadFormat.SEED;
    String path = "/golden/" + (seed ? "" : format.label() + "/") + file;
    JsonNode expected;
    try (InputStream in = PayloadGoldenTest.class.getResourceAsStream(path)) {
      assertTrue(in != null, path + " exists");
      expected = JSON.readTree(in);
    }
    ObjectNode copy = actual.deepCopy();
    String eventId = seed ? "event_id" : "eventId";
    assertEquals(36, copy.path(eventId).asText().length(), eventId + " is a UUID");
    copy.put(eventId, "<event>");
    Comparator<JsonNode> numbersByValue =
        (a, b) -> {
          if (a.isNumber() && b.isNumber()) {
            boolean sameKind = seed || a.isFloatingPointNumber() == b.isFloatingPointNumber();
            return sameKind ? Double.compare(a.asDouble(), b.asDouble()) : 1;
          }
          return a.equals(b) ? 0 : 1;
        };
    assertTrue(
        expected.equals(numbersByValue, copy),
        path + "\nexpected: " + expected.toPrettyString() + "\nactual:   " + copy.toPrettyString());
  }
}
