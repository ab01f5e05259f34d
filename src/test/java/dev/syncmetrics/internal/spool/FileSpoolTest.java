package dev.syncmetrics.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpoolTest {
  private static final Duration AMPLE = Duration.ofSeconds(30);

  @TempDir Path dir;

  static Payload payload(String eventId, String kind, int padding) {
    return payload(eventId, kind, Instant.parse("2026-11-21T10:00:00Z"), padding);
  }

  static Payload payload(String eventId, String kind, Instant reportedAt, int padding) {
    String json =
        "{\"event_id\":\""
            + eventId
            + "\",\"kind_identifier\":\""
            + kind
            + "\",\"reported_at\":\""
            + reportedAt
            + "\",\"pad\":\""
            + "x".repeat(padding)
            + "\"}";
    return new Payload(eventId, kind, json.getBytes(StandardCharsets.UTF_8));
  }

  static List<Payload> drain(Spool spool) {
    List<Payload> out = new ArrayList<>();
    try (Spool.Claim claim = spool.claim()) {
      for (Optional<Payload> p = claim.next(); p.isPresent(); p = claim.next()) {
        out.add(p.get());
        claim.done(p.get());
      }
    }
    return out;
  }

  private List<Path> payloadFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".payload.json")).sorted().toList();
    }
  }

  private long payloadBytes() throws IOException {
    long total = 0;
    for (Path f : payloadFiles()) {
      total += Files.size(f);
    }
    return total;
  }

  @Test
  void savedPayloadsComeBackWholeAndOldestFirst() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    spool.save(List.of(payload("e1", "repo-0", 10), payload("e1", "__runtime__", 10)), AMPLE);
    spool.save(List.of(payload("e2", "repo-0", 10)), AMPLE);

    List<Payload> got = drain(spool);

    assertEquals(
        List.of(
            payload("e1", "repo-0", 10),
            payload("e1", "__runtime__", 10),
            payload("e2", "repo-0", 10)),
        got);
    assertEquals(0, spool.size());
  }

  @Test
  void payloadsNotMarkedDoneStayForTheNextClaim() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    spool.save(List.of(payload("e1", "a-0", 1), payload("e1", "b-0", 1)), AMPLE);
    try (Spool.Claim claim = spool.claim()) {
      claim.done(claim.next().orElseThrow());
      claim.next().orElseThrow();
      assertEquals(1, claim.remaining());
    }
    assertEquals(List.of(payload("e1", "b-0", 1)), drain(spool));
  }

  @Test
  void aSecondClaimWhileTheFirstIsOpenGetsNothing() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    Files.createDirectories(dir.resolve("sub"));
    FileSpool sameDirectory = new FileSpool(dir.resolve("sub").resolve(".."), 100, 1 << 20);
    spool.save(List.of(payload("e1", "a-0", 1)), AMPLE);
    try (Spool.Claim first = spool.claim();
        Spool.Claim second = sameDirectory.claim()) {
      assertTrue(first.locked());
      assertFalse(second.locked());
      assertTrue(second.next().isEmpty());
      assertEquals(1, first.size());
    }
    assertEquals(1, drain(sameDirectory).size());
  }

  @Test
  void aTruncatedFileIsMovedAsideAndNeverReturned() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    spool.save(List.of(payload("e1", "a-0", 100), payload("e1", "b-0", 100)), AMPLE);
    Path first = payloadFiles().get(0);
    byte[] whole = Files.readAllBytes(first);
    Files.write(first, java.util.Arrays.copyOf(whole, whole.length / 2));

    try (Spool.Claim claim = spool.claim()) {
      assertEquals(payload("e1", "b-0", 100), claim.next().orElseThrow());
      assertTrue(claim.next().isEmpty());
      assertEquals(1, claim.corrupt());
    }
    assertTrue(Files.exists(dir.resolve("corrupt").resolve(first.getFileName())));
  }

  @Test
  void aFileOfTheRightLengthWithOtherBytesIsMovedAside() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    spool.save(List.of(payload("e1", "a-0", 100)), AMPLE);
    Path file = payloadFiles().get(0);
    String text = Files.readString(file).replace("xxxx", "yyyy");
    Files.writeString(file, text);

    assertEquals(List.of(), drain(spool));
    assertTrue(Files.exists(dir.resolve("corrupt").resolve(file.getFileName())));
  }

  @Test
  void temporaryFilesAreNeverDeliveredAndStaleOnesAreRemoved() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    Path fresh = dir.resolve(".tmp-fresh");
    Path stale = dir.resolve(".tmp-stale");
    Files.write(fresh, payload("e1", "a-0", 1).body());
    Files.write(stale, payload("e1", "a-0", 1).body());
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));

    assertEquals(List.of(), drain(spool));
    assertTrue(Files.exists(fresh));
    assertFalse(Files.exists(stale));
  }

  @Test
  void whenFullTheOldestAreDroppedAndTheNewestKept() throws Exception {
    FileSpool spool = new FileSpool(dir, 5, 1 << 20);
    spool.save(
        List.of(payload("e1", "a-0", 1), payload("e1", "b-0", 1), payload("e1", "c-0", 1)), AMPLE);

    Spool.SaveResult r =
        spool.save(
            List.of(payload("e2", "a-0", 1), payload("e2", "b-0", 1), payload("e2", "c-0", 1)),
            AMPLE);

    assertEquals(new Spool.SaveResult(3, 1, 0, 0, null), r);
    assertEquals(
        List.of(
            payload("e1", "b-0", 1),
            payload("e1", "c-0", 1),
            payload("e2", "a-0", 1),
            payload("e2", "b-0", 1),
            payload("e2", "c-0", 1)),
        drain(spool));
  }

  @Test
  void aBatchLargerThanTheBoundKeepsItsNewest() throws Exception {
    FileSpool spool = new FileSpool(dir, 2, 1 << 20);
    spool.save(List.of(payload("e0", "a-0", 1)), AMPLE);

    Spool.SaveResult r =
        spool.save(
            List.of(
                payload("e1", "a-0", 1),
                payload("e1", "b-0", 1),
                payload("e1", "c-0", 1),
                payload("e1", "__runtime__", 1)),
            AMPLE);

    assertEquals(new Spool.SaveResult(2, 1, 2, 0, null), r);
    assertEquals(List.of(payload("e1", "c-0", 1), payload("e1", "__runtime__", 1)), drain(spool));
  }

  @Test
  void theByteBoundHoldsOnDiskAfterEverySave() throws Exception {
    long maxBytes = 5_000;
    FileSpool spool = new FileSpool(dir, 1000, maxBytes);
    int dropped = 0;
    for (int run = 0; run < 20; run++) {
      Spool.SaveResult r =
          spool.save(
              List.of(
                  payload("e" + run, "a-0", 300 + run * 20),
                  payload("e" + run, "__runtime__", 200)),
              AMPLE);
      dropped += r.lost();
      assertTrue(payloadBytes() <= maxBytes, "bytes on disk " + payloadBytes());
    }
    assertTrue(dropped > 0);
    List<Payload> left = drain(spool);
    assertEquals(payload("e19", "__runtime__", 200), left.get(left.size() - 1));
    assertEquals(40, left.size() + dropped);
  }

  @Test
  void aPayloadLargerThanTheByteBoundIsNotKept() throws Exception {
    FileSpool spool = new FileSpool(dir, 10, 500);
    spool.save(List.of(payload("e0", "a-0", 10)), AMPLE);

    Spool.SaveResult r = spool.save(List.of(payload("e1", "a-0", 1000)), AMPLE);

    assertEquals(new Spool.SaveResult(0, 0, 1, 0, null), r);
    assertEquals(List.of(payload("e0", "a-0", 10)), drain(spool));
  }

  @Test
  void whatCannotBeWrittenInTimeIsCountedUnwritten() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);

    Spool.SaveResult r =
        spool.save(List.of(payload("e1", "a-0", 1), payload("e1", "b-0", 1)), Duration.ZERO);

    assertEquals(0, r.saved());
    assertEquals(2, r.unwritten());
    assertTrue(r.problem().contains("deadline"), r.problem());
  }

  @Test
  void manyPayloadsAreWrittenBySeveralThreadsAllWhole() throws Exception {
    FileSpool spool = new FileSpool(dir, 10_000, 1L << 30);
    List<Payload> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(payload("e1", "kind-" + i, 100 + i));
    }

    assertEquals(200, spool.save(many, AMPLE).saved());

    assertEquals(many, drain(spool));
  }

  @Test
  void thePushgatewayStateKeptIsTheNewestOfItsGroup() throws Exception {
    FileSpool spool = new FileSpool(dir, 10, 1 << 20);
    Instant older = Instant.parse("2026-11-21T10:00:00Z");
    Instant newer = older.plusSeconds(60);
    spool.savePushState("sync/github/gh", List.of(payload("new", "__runtime__", newer, 1)));
    spool.savePushState("sync/github/gh", List.of(payload("old", "__runtime__", older, 1)));

    assertEquals("new", spool.pushState("sync/github/gh").orElseThrow().get(0).eventId());
    assertEquals(List.of("sync/github/gh"), spool.pushStateGroups());

    spool.clearPushState("sync/github/gh", older);
    assertTrue(
        spool.pushState("sync/github/gh").isPresent(), "a newer state than the one pushed stays");
    spool.clearPushState("sync/github/gh", newer);
    assertTrue(spool.pushState("sync/github/gh").isEmpty());
  }

  /** A payload of the ocean format: camelCase event and kind keys, a float count. */
  static Payload oceanPayload(String eventId, String kind, Instant reportedAt) {
    String json =
        "{\"integrationType\":\"github\",\"kindIdentifier\":\""
            + kind
            + "\",\"eventId\":\""
            + eventId
            + "\",\"reportedAt\":\""
            + reportedAt
            + "\",\"metrics\":{\"phase\":{\"extract\":{\"object_count_type\":"
            + "{\"raw_extracted\":{\"object_count\":120.0}}}}}}";
    return new Payload(eventId, kind, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anOceanFormatPayloadComesBackByteForByteAsItWasWritten() throws Exception {
    FileSpool spool = new FileSpool(dir, 100, 1 << 20);
    Payload ocean = oceanPayload("e1", "repository-0", Instant.parse("2026-11-21T10:00:00Z"));
    spool.save(List.of(payload("e0", "repository-0", 10), ocean), AMPLE);

    List<Payload> got = drain(spool);

    assertEquals(List.of(payload("e0", "repository-0", 10), ocean), got);
    assertEquals(ocean.json(), got.get(1).json());
    assertTrue(payloadFiles().isEmpty(), "nothing was set aside as corrupt");
  }

  @Test
  void thePushgatewayStateOfAnOceanFormatRunKeepsItsIdsTimeAndFloats() throws Exception {
    FileSpool spool = new FileSpool(dir, 10, 1 << 20);
    Instant older = Instant.parse("2026-11-21T10:00:00Z");
    spool.savePushState(
        "sync/github/gh", List.of(oceanPayload("new", "__runtime__", older.plusSeconds(60))));
    spool.savePushState("sync/github/gh", List.of(oceanPayload("old", "__runtime__", older)));

    Payload kept = spool.pushState("sync/github/gh").orElseThrow().get(0);
    assertEquals("new", kept.eventId(), "the newer state by reportedAt stays");
    assertEquals("__runtime__", kept.kindIdentifier());
    assertTrue(kept.json().contains("\"object_count\":120.0"), kept.json());
  }
}
