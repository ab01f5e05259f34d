package dev.syncmetrics.internal.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import dev.syncmetrics.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EntityStore} does, run against SQLite and PostgreSQL. */
abstract class EntityStoreContract {
  static final ObjectMapper JSON = new ObjectMapper();

  EntityStore store;

  /** A new, empty store stamping entities and history with {@code clock}'s time. */
  abstract EntityStore newStore(Clock clock) throws Exception;

  /** A new, empty store on the system clock. */
  EntityStore newStore() throws Exception {
    return newStore(Clock.SYSTEM);
  }

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static Entity entity(String blueprint, String id, String title, int raw) {
    ObjectNode props = JSON.createObjectNode().put("raw_objects", raw).put("kind", "repository");
    ObjectNode relations = JSON.createObjectNode().put("integration", "github-prod");
    return new Entity(blueprint, id, title, null, null, props, relations);
  }

  @Test
  void upsertStoresTheEntityAndUpdatesItInPlace() {
    store.write(List.of(entity("kinds", "repository-0", "Repos", 120)), List.of(), null);
    store.write(List.of(entity("kinds", "repository-0", "Repos!", 130)), List.of(), null);

    StoredEntity e = store.get("kinds", "repository-0").orElseThrow();
    assertEquals("Repos!", e.entity().title());
    assertEquals(130, e.entity().properties().get("raw_objects").asInt());
    assertEquals("github-prod", e.entity().relations().get("integration").asText());
    assertFalse(e.updatedAt().isBefore(e.createdAt()));
    assertEquals(1, store.list("kinds", 100).size());
  }

  @Test
  void everyUpsertAddsAHistoryPointNewestFirst() {
    for (int raw = 1; raw <= 3; raw++) {
      store.write(List.of(entity("kinds", "repository-0", "Repos", raw)), List.of(), null);
    }

    List<HistoryPoint> all = store.history("kinds", "repository-0", 10);
    assertEquals(
        List.of(3, 2, 1),
        all.stream().map(h -> h.properties().get("raw_objects").asInt()).toList());
    assertEquals(2, store.history("kinds", "repository-0", 2).size());
    assertEquals(3, all.get(0).properties().get("raw_objects").asInt());
  }

  @Test
  void historyByTimeRangeKeepsOnlyThePointsInsideItNewestFirst() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    store.close();
    store = newStore(clock);
    for (int raw = 1; raw <= 5; raw++) {
      store.write(List.of(entity("kinds", "repository-0", "Repos", raw)), List.of(), null);
      clock.advance(Duration.ofHours(1));
    }
    // points at 10:00 (1), 11:00 (2), 12:00 (3), 13:00 (4), 14:00 (5)

    List<HistoryPoint> range =
        store.history(
            "kinds",
            "repository-0",
            Instant.parse("2026-11-21T11:00:00Z"),
            Instant.parse("2026-11-21T14:00:00Z"),
            10);
    assertEquals(
        List.of(4, 3, 2),
        range.stream().map(h -> h.properties().get("raw_objects").asInt()).toList());
    assertEquals(Instant.parse("2026-11-21T13:00:00Z"), range.get(0).recordedAt());
    assertEquals(
        1,
        store
            .history(
                "kinds",
                "repository-0",
                Instant.parse("2026-11-21T11:00:00Z"),
                Instant.parse("2026-11-21T14:00:00Z"),
                1)
            .size());
  }

  @Test
  void historiesReadSeveralEntitiesInOneRangeOldestFirstAndSampleByBucket() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    store.close();
    store = newStore(clock);
    for (int minute = 0; minute < 60; minute++) {
      store.write(
          List.of(entity("kinds", "a-0", "A", minute), entity("kinds", "b-1", "B", 100 + minute)),
          List.of(),
          null);
      store.write(List.of(entity("other", "a-0", "X", minute)), List.of(), null);
      clock.advance(Duration.ofMinutes(1));
    }
    Instant since = Instant.parse("2026-11-21T10:00:00Z");
    Instant until = Instant.parse("2026-11-21T11:00:00Z");

    List<HistoryEntry> all = store.histories("kinds", List.of("a-0", "b-1"), since, until, 0);
    assertEquals(120, all.size());
    assertEquals(
        all.stream().map(e -> e.point().recordedAt()).sorted().toList(),
        all.stream().map(e -> e.point().recordedAt()).toList());

    // six ten-minute buckets: the last point of each, per entity
    List<HistoryEntry> sampled = store.histories("kinds", List.of("a-0", "b-1"), since, until, 6);
    assertEquals(
        List.of(9, 19, 29, 39, 49, 59),
        sampled.stream()
            .filter(e -> e.identifier().equals("a-0"))
            .map(e -> e.point().properties().get("raw_objects").asInt())
            .toList());
    assertEquals(12, sampled.size());
    assertEquals(
        120,
        store.histories("kinds", List.of("a-0", "b-1"), since, until, 60).size(),
        "no more points than buckets: all of them");
    assertEquals(
        List.of(),
        store.histories("kinds", List.of("missing-0"), since, until, 6),
        "no such entity");
  }

  @Test
  void theChangeMarkMovesOnEveryWriteAndDeleteOfTheBlueprint() {
    String empty = store.changeMark("kinds");
    assertEquals(empty, store.changeMark("kinds"), "nothing written: the same mark");
    store.write(List.of(entity("kinds", "a-0", "A", 1)), List.of(), null);
    String one = store.changeMark("kinds");
    assertFalse(one.equals(empty));
    store.write(List.of(entity("kinds", "a-0", "A", 1)), List.of(), null);
    String again = store.changeMark("kinds");
    assertFalse(again.equals(one), "the same entity written again");
    store.write(List.of(entity("kinds", "b-1", "B", 1)), List.of(), null);
    String two = store.changeMark("kinds");
    store.delete("kinds", "a-0");
    assertFalse(store.changeMark("kinds").equals(two), "a delete");
  }

  @Test
  void aSeenEventIsNotWrittenTwice() {
    WriteOutcome first =
        store.write(
            List.of(entity("kinds", "repository-0", "Repos", 1)), List.of(), "run-1:repository-0");
    WriteOutcome again =
        store.write(
            List.of(entity("kinds", "repository-0", "Repos", 2)), List.of(), "run-1:repository-0");

    assertEquals(new WriteOutcome(1, 0, false), first);
    assertTrue(again.duplicate());
    assertTrue(store.seen("run-1:repository-0"));
    assertFalse(store.seen("run-2:repository-0"));
    assertEquals(1, store.history("kinds", "repository-0", 10).size());
    assertEquals(
        1,
        store
            .get("kinds", "repository-0")
            .orElseThrow()
            .entity()
            .properties()
            .get("raw_objects")
            .asInt());
  }

  @Test
  void deleteRemovesTheEntityAndItsHistory() {
    store.write(
        List.of(entity("kinds", "a", "A", 1), entity("kinds", "b", "B", 1)), List.of(), null);

    WriteOutcome out =
        store.write(
            List.of(), List.of(new EntityRef("kinds", "a"), new EntityRef("kinds", "zz")), null);

    assertEquals(1, out.deleted());
    assertTrue(store.get("kinds", "a").isEmpty());
    assertTrue(store.history("kinds", "a", 10).isEmpty());
    assertTrue(store.get("kinds", "b").isPresent());
    assertFalse(store.delete("kinds", "a"));
    assertTrue(store.delete("kinds", "b"));
  }

  @Test
  void listIsPerBlueprintOrderedByIdentifierAndLimited() {
    store.write(
        List.of(
            entity("kinds", "c", "C", 1),
            entity("kinds", "a", "A", 1),
            entity("kinds", "b", "B", 1),
            entity("integration", "github-prod", "prod", 1)),
        List.of(),
        null);

    assertEquals(
        List.of("a", "b"),
        store.list("kinds", 2).stream().map(e -> e.entity().identifier()).toList());
    assertEquals(3, store.list("kinds", 100).size());
    assertEquals(Map.of("integration", 1L, "kinds", 3L), store.countByBlueprint());
  }

  @Test
  void valuesRoundTripExactly() {
    ObjectNode props = JSON.createObjectNode();
    props.put("text", "<img src=x onerror=alert(1)> ' \" \\ ünïcødé ✓");
    props.put("big", 12345678901234L).put("fraction", 8.38).putNull("none");
    props.putArray("list").add(1).add("two");
    Entity e =
        new Entity(
            "kinds",
            "id with spaces/and slash",
            "t",
            "Ocean",
            "platform",
            props,
            JSON.createObjectNode());
    store.write(List.of(e), List.of(), null);

    StoredEntity back = store.get("kinds", "id with spaces/and slash").orElseThrow();
    assertEquals(props, back.entity().properties());
    assertEquals("Ocean", back.entity().icon());
    assertEquals("platform", back.entity().team());
  }

  @Test
  void concurrentWritersAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<WriteOutcome>> futures = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () ->
                    store.write(
                        List.of(
                            entity("kinds", "k" + (n % 5), "K", n),
                            entity("kinds", "e" + n, "E", n)),
                        List.of(),
                        "event-" + n)));
      }
      for (Future<WriteOutcome> f : futures) {
        assertEquals(2, f.get(60, TimeUnit.SECONDS).upserted());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(65, store.list("kinds", 1000).size());
    int history = 0;
    for (int k = 0; k < 5; k++) {
      history += store.history("kinds", "k" + k, 1000).size();
    }
    assertEquals(60, history);
  }
}
