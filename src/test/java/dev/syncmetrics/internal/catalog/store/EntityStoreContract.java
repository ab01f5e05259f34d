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

  /** A new, empty store stamping with {@code clock}. */
  abstract EntityStore newStore(Clock clock) throws Exception;

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
  void seenEventsOlderThanTheRetentionArePrunedAndOnlyThose() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (EntityStore clocked = newStore(clock)) {
      int old = JdbcEntityStore.PRUNE_BATCH + 7; // more than one batch
      List<Entity> none = List.of();
      for (int i = 0; i < old; i++) {
        clocked.write(none, List.of(), "old-" + i);
      }
      clock.advance(Duration.ofDays(20));
      clocked.write(List.of(entity("kinds", "repository-0", "Repos", 1)), List.of(), "recent");
      clock.advance(Duration.ofDays(15));

      assertEquals(old, clocked.pruneSeenEvents(clock.now().minus(Duration.ofDays(30))));
      assertEquals(0, clocked.pruneSeenEvents(clock.now().minus(Duration.ofDays(30))));

      assertFalse(clocked.seen("old-0"));
      assertTrue(clocked.seen("recent"));
      assertFalse(
          clocked.write(none, List.of(), "old-1").duplicate(),
          "a redelivery after its key was pruned is stored again");
      assertTrue(clocked.write(none, List.of(), "recent").duplicate());
    }
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
