package dev.syncmetrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.KindResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.testing.FakeClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 100;
  private static final Set<Long> SKIP = Set.of(1L, 2L, 3L, 4L, 5L);
  private static final Set<Long> BAD = Set.of(6L, 8L, 9L);

  @TempDir Path spool;
  SyncReporter reporter;
  final FakeTarget target = new FakeTarget();
  final List<String> finished = new ArrayList<>();

  @BeforeEach
  void reporter() {
    reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("sample", "test", "0.0.1")
                    .spoolDir(spool)
                    .build())
            .build();
  }

  @AfterEach
  void close() {
    reporter.close();
  }

  /** Every kind's file: ids 1..100; 1-5 are filtered out, 6, 8 and 9 fail to map. */
  private static SampleSource source() {
    StringBuilder s = new StringBuilder();
    for (long id = 1; id <= RECORDS; id++) {
      s.append("{\"id\":")
          .append(id)
          .append(",\"stars\":5,\"comments\":1,\"commits\":2")
          .append(SKIP.contains(id) ? ",\"skip\":true" : "")
          .append(BAD.contains(id) ? ",\"bad\":true" : "")
          .append("}\n");
    }
    byte[] data = s.toString().getBytes(StandardCharsets.UTF_8);
    return SampleSource.of(name -> new ByteArrayInputStream(data));
  }

  /** A hand-written mapper: identifier e-<id>, the revision as a property. */
  private static RecordMapper mapper() {
    return record -> {
      if (record.path("skip").asBoolean()) {
        return Mapped.filtered();
      }
      if (record.path("bad").asBoolean()) {
        return Mapped.failed("bad record");
      }
      ObjectNode entity =
          JSON.createObjectNode()
              .put("identifier", "e-" + record.get("id").asText())
              .put("title", "entity " + record.get("id").asText());
      entity.putObject("properties").put("revision", record.get("revision").asInt());
      entity.putObject("relations");
      return Mapped.entity(entity);
    };
  }

  private SampleIntegration integration(int batchSize) {
    Map<SampleKind, RecordMapper> mappers = new LinkedHashMap<>();
    SampleKind.ALL.forEach(k -> mappers.put(k, mapper()));
    return SampleIntegration.builder()
        .reporter(reporter)
        .source(source())
        .mappers(mappers)
        .target(target)
        .batchSize(batchSize)
        .listener(
            new SyncListener() {
              @Override
              public void finished(SampleKind kind, String failure) {
                finished.add(kind.kindIdentifier() + (failure == null ? "" : " " + failure));
              }
            })
        .build();
  }

  private static boolean present(long id, int run) {
    return (7 * id + run) % 50 != 0;
  }

  private static boolean fine(long id) {
    return !SKIP.contains(id) && !BAD.contains(id);
  }

  @Test
  void eachKindIsEndedWhenItsSyncIsOverNotWithTheRun() throws Exception {
    reporter.close();
    reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("sample", "test", "0.0.1")
                    .spoolDir(spool)
                    .build())
            .clock(FakeClock.ticking(Instant.parse("2026-11-21T10:00:00Z"), Duration.ofMillis(1)))
            .build();
    ReportResult result = integration(30).sync(1);
    List<Instant> reported = new ArrayList<>();
    for (dev.syncmetrics.Payload p : result.payloads()) {
      reported.add(Instant.parse(JSON.readTree(p.body()).path("reported_at").asText()));
    }
    for (int i = 1; i < reported.size(); i++) {
      assertTrue(
          reported.get(i - 1).isBefore(reported.get(i)),
          "each kind reported when it ended, before the next one and before __runtime__: "
              + reported);
    }
  }

  @Test
  void aFirstRunLoadsEveryTransformedRecordAndReportsEachPhase() {
    ReportResult result = integration(30).sync(1);

    long present = 0, filtered = 0, bad = 0;
    for (long id = 1; id <= RECORDS; id++) {
      if (present(id, 1)) {
        present++;
        filtered += SKIP.contains(id) ? 1 : 0;
        bad += BAD.contains(id) ? 1 : 0;
      }
    }
    assertEquals("completed", result.state());
    assertEquals(4, kinds(result).size());
    for (KindResult k : kinds(result)) {
      assertEquals(present, k.count(Phase.EXTRACT, "raw_extracted"), k.kindIdentifier());
      assertEquals(filtered, k.count(Phase.TRANSFORM, "filtered_out"));
      assertEquals(bad, k.count(Phase.TRANSFORM, "failed"));
      assertEquals(present - filtered - bad, k.count(Phase.TRANSFORM, "transformed"));
      assertEquals(present - filtered - bad, k.count(Phase.LOAD, "loaded"));
      assertEquals(0, k.count(Phase.LOAD, "skipped"));
      assertEquals(0, k.count(Phase.DELETE, "deleted"));
      assertTrue(k.success());
    }
    assertEquals(present - filtered - bad, target.held.get("merge_request").size());
    assertEquals(List.of("repository-0", "user-1", "issue-2", "merge-request-3"), finished);
    assertTrue(target.batchSizes.stream().allMatch(n -> n <= 30), target.batchSizes.toString());
  }

  @Test
  void aSecondRunSkipsWhatIsUnchangedLoadsWhatChangedAndDeletesWhatIsGone() {
    SampleIntegration sample = integration(200);
    sample.sync(1);
    ReportResult result = sample.sync(2);

    long loaded = 0, skipped = 0, deleted = 0;
    for (long id = 1; id <= RECORDS; id++) {
      if (!fine(id)) {
        continue;
      }
      boolean before = present(id, 1), now = present(id, 2);
      boolean changed = (1 + id % 10) / 10 != (2 + id % 10) / 10;
      if (now && (!before || changed)) {
        loaded++;
      } else if (now) {
        skipped++;
      } else if (before) {
        deleted++;
      }
    }
    assertTrue(loaded > 0 && skipped > 0 && deleted > 0, "the data exercises every case");
    for (KindResult k : kinds(result)) {
      assertEquals(loaded, k.count(Phase.LOAD, "loaded"), k.kindIdentifier());
      assertEquals(skipped, k.count(Phase.LOAD, "skipped"));
      assertEquals(deleted, k.count(Phase.DELETE, "deleted"));
      assertEquals(
          k.count(Phase.TRANSFORM, "transformed"),
          k.count(Phase.LOAD, "loaded") + k.count(Phase.LOAD, "skipped"));
    }
    assertTrue(target.deleted.contains("user/e-14"), "id 14 is gone in run 2: " + target.deleted);
    assertFalse(target.held.get("user").containsKey("e-14"));
  }

  @Test
  void entitiesTheTargetRefusesAreLoadFailuresAndTheRestOfTheirBatchStillLoads() {
    target.refuse = Set.of("e-20", "e-21");
    ReportResult result = integration(50).sync(1);

    KindResult repos = kinds(result).get(0);
    assertEquals(2, repos.count(Phase.LOAD, "failed"));
    assertEquals(
        repos.count(Phase.TRANSFORM, "transformed") - 2, repos.count(Phase.LOAD, "loaded"));
    assertEquals(repos.count(Phase.LOAD, "loaded"), target.held.get("repository").size());
    assertTrue(repos.success(), "refused entities do not fail the kind");
  }

  @Test
  void anUnreachableTargetFailsThatKindOnlyAndTheRunFails() {
    target.downFor = Set.of("issue");
    ReportResult result = integration(200).sync(1);

    assertEquals("failed", result.state());
    assertFalse(result.kinds().get(result.kinds().size() - 1).success(), "__runtime__ failed");
    for (KindResult k : kinds(result)) {
      assertEquals(
          !Payload.kindOf(k.kindIdentifier()).equals("issue"), k.success(), k.kindIdentifier());
    }
    KindResult issues = kinds(result).get(2);
    assertEquals(0, issues.count(Phase.LOAD, "loaded"));
    assertTrue(
        issues.count(Phase.TRANSFORM, "transformed") > 0,
        "extract and transform happened before the load failed");
    assertTrue(finished.get(2).startsWith("issue-2 connection refused"), finished.toString());
  }

  /** What each kind did, without the {@code __runtime__} totals that come last. */
  private static List<KindResult> kinds(ReportResult result) {
    List<KindResult> all = result.kinds();
    assertEquals(Payload.RUNTIME, all.get(all.size() - 1).kindIdentifier());
    return all.subList(0, all.size() - 1);
  }
}
