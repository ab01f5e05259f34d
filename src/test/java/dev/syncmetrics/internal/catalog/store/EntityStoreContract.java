package dev.syncmetrics.internal.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.Deletion;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import dev.syncmetrics.mapping.EntityUpdate;
import dev.syncmetrics.mapping.SearchQuery;
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

  // ---- webhook writes: merge, search queries, dependents (the catalog vendor's semantics) ----

  /** component <- deployment.component (one) <- run.deployments (many). */
  static final RelationSchema RELATIONS =
      RelationSchema.of(
          List.of(
              blueprint("component", "{}"),
              blueprint("deployment", "{\"component\":{\"target\":\"component\"}}"),
              blueprint("run", "{\"deployments\":{\"target\":\"deployment\",\"many\":true}}")));

  static Blueprint blueprint(String id, String relations) {
    try {
      return new Blueprint(
          id,
          id,
          (ObjectNode)
              JSON.readTree(
                  "{\"identifier\":\""
                      + id
                      + "\",\"schema\":{\"properties\":{}},\"relations\":"
                      + relations
                      + "}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Entity of(String blueprint, String id, String title, String props, String relations) {
    return new Entity(blueprint, id, title, null, null, json(props), json(relations));
  }

  WriteOutcome merge(Entity... upserts) {
    return store.write(
        WriteBatch.merge(List.of(upserts), List.of(), List.of(), List.of(), RELATIONS));
  }

  WriteOutcome delete(Deletion... deletes) {
    return store.write(
        WriteBatch.merge(List.of(), List.of(), List.of(deletes), List.of(), RELATIONS));
  }

  static SearchQuery query(String json) {
    return SearchQuery.fromJson(json(json));
  }

  JsonNode stored(String blueprint, String id) {
    return store.get(blueprint, id).orElseThrow().entity().toJson();
  }

  @Test
  void aMergeKeepsWhatTheUpsertDoesNotProduce() {
    merge(of("component", "web", "Web", "{\"a\":1,\"b\":2,\"c\":3}", "{}"));
    merge(of("deployment", "web-1", "Web 1", "{\"env\":\"prod\"}", "{\"component\":\"web\"}"));

    merge(of("component", "web", null, "{\"b\":20,\"c\":null}", "{}"));
    merge(of("deployment", "web-1", "Web one", "{\"version\":\"1.2\"}", "{}"));

    JsonNode web = stored("component", "web");
    assertEquals("Web", web.get("title").asText(), "a null title keeps the stored one");
    assertEquals(json("{\"a\":1,\"b\":20,\"c\":null}"), web.get("properties"));
    JsonNode deployment = stored("deployment", "web-1");
    assertEquals("Web one", deployment.get("title").asText());
    assertEquals(json("{\"env\":\"prod\",\"version\":\"1.2\"}"), deployment.get("properties"));
    assertEquals("web", deployment.at("/relations/component").asText());
    assertEquals(
        json("{\"a\":1,\"b\":20,\"c\":null}"),
        store.history("component", "web", 1).get(0).properties(),
        "the history point holds the merged properties");
  }

  @Test
  void theWriteApiStillReplacesTheWholeEntity() {
    merge(of("component", "web", "Web", "{\"a\":1}", "{}"));

    store.write(List.of(of("component", "web", null, "{\"b\":2}", "{}")), List.of(), null);

    JsonNode web = stored("component", "web");
    assertTrue(web.get("title").isNull());
    assertEquals(json("{\"b\":2}"), web.get("properties"));
  }

  @Test
  void aDeleteRemovesTheEntitiesPointingAtItTransitivelyInOneTransaction() {
    merge(
        of("component", "web", "Web", "{}", "{}"),
        of("component", "api", "Api", "{}", "{}"),
        of("deployment", "web-1", null, "{}", "{\"component\":\"web\"}"),
        of("deployment", "web-2", null, "{}", "{\"component\":\"web\"}"),
        of("deployment", "api-1", null, "{}", "{\"component\":\"api\"}"),
        of("run", "r1", null, "{}", "{\"deployments\":[\"api-1\",\"web-2\"]}"),
        of("run", "r2", null, "{}", "{\"deployments\":[\"api-1\"]}"),
        // a property holding the identifier is no relation
        of("run", "r3", null, "{\"note\":\"web-1\"}", "{}"));

    WriteOutcome out = delete(Deletion.of("component", "web", true));

    assertEquals(
        List.of(
            new EntityRef("component", "web"),
            new EntityRef("deployment", "web-1"),
            new EntityRef("deployment", "web-2"),
            new EntityRef("run", "r1")),
        out.deletedEntities());
    assertEquals(4, out.deleted());
    assertTrue(store.get("deployment", "api-1").isPresent());
    assertTrue(store.get("run", "r2").isPresent());
    assertTrue(store.get("run", "r3").isPresent());
    assertTrue(store.history("deployment", "web-1", 10).isEmpty());
  }

  @Test
  void aDeleteWithoutDependentsLeavesThemPointingAtNothing() {
    merge(
        of("component", "web", "Web", "{}", "{}"),
        of("deployment", "web-1", null, "{}", "{\"component\":\"web\"}"));

    WriteOutcome out = delete(Deletion.of("component", "web", false));

    assertEquals(List.of(new EntityRef("component", "web")), out.deletedEntities());
    assertEquals("web", stored("deployment", "web-1").at("/relations/component").asText());
  }

  @Test
  void aSearchQueryRelationIsResolvedAgainstTheStoreWhenWritten() {
    merge(
        of("component", "web", null, "{\"appVersion\":\"1.2\",\"tier\":1}", "{}"),
        of("component", "api", null, "{\"appVersion\":\"1.2\",\"tier\":2}", "{}"),
        of("component", "db", null, "{\"appVersion\":\"1.3\",\"tier\":2.0}", "{}"));
    String byVersion =
        "{\"combinator\":\"and\",\"rules\":[{\"property\":\"appVersion\",\"operator\":\"=\",\"value\":\"1.2\"},"
            + "{\"property\":\"tier\",\"operator\":\"=\",\"value\":1}]}";

    merge(of("deployment", "d1", null, "{}", "{\"component\":" + byVersion + "}"));

    assertEquals("web", stored("deployment", "d1").at("/relations/component").asText());

    // a many relation holds every match, in identifier order
    merge(
        of("deployment", "d2", null, "{\"stage\":\"canary\"}", "{}"),
        of("deployment", "d3", null, "{\"stage\":\"live\"}", "{}"));
    String canaryOrD1 =
        "{\"combinator\":\"or\",\"rules\":[{\"property\":\"stage\",\"operator\":\"=\",\"value\":\"canary\"},"
            + "{\"property\":\"$identifier\",\"operator\":\"in\",\"value\":[\"d1\",\"nope\"]}]}";
    merge(of("run", "r1", null, "{}", "{\"deployments\":" + canaryOrD1 + "}"));
    assertEquals(
        List.of("d1", "d2"),
        JSON.convertValue(stored("run", "r1").at("/relations/deployments"), List.class));
  }

  @Test
  void aSingleRelationMatchingSeveralKeepsItsStoredValueAndSaysSo() {
    merge(
        of("component", "web", null, "{\"appVersion\":\"1.2\"}", "{}"),
        of("component", "api", null, "{\"appVersion\":\"1.2\"}", "{}"),
        of("deployment", "d1", null, "{}", "{\"component\":\"web\"}"));
    String both =
        "{\"combinator\":\"and\",\"rules\":[{\"property\":\"appVersion\",\"operator\":\"=\",\"value\":\"1.2\"}]}";

    WriteOutcome out = merge(of("deployment", "d1", null, "{}", "{\"component\":" + both + "}"));

    assertEquals("web", stored("deployment", "d1").at("/relations/component").asText());
    assertEquals(1, out.problems().size(), out.toString());
    assertTrue(out.problems().get(0).message().contains("2 entities (api, web)"), out.toString());
    assertEquals("relations.component", out.problems().get(0).field());
  }

  @Test
  void anIdentifierQueryUpdatesEveryMatchAndCreatesNothing() {
    merge(
        of("component", "web", "Web", "{\"pd\":\"P1\",\"oncall\":\"ann\"}", "{}"),
        of("component", "api", "Api", "{\"pd\":\"P1\"}", "{}"),
        of("component", "db", "Db", "{\"pd\":\"P2\"}", "{}"));
    ObjectNode oncall = json("{\"oncall\":\"bob\"}");
    EntityUpdate p1 =
        new EntityUpdate(
            "component",
            query(
                "{\"combinator\":\"and\",\"rules\":[{\"property\":\"pd\",\"operator\":\"=\",\"value\":\"P1\"}]}"),
            null,
            null,
            null,
            oncall,
            json("{}"));
    EntityUpdate none =
        new EntityUpdate(
            "component",
            query(
                "{\"combinator\":\"and\",\"rules\":[{\"property\":\"$title\",\"operator\":\"=\",\"value\":\"Nope\"}]}"),
            null,
            null,
            null,
            oncall,
            json("{}"));

    WriteOutcome out =
        store.write(
            WriteBatch.merge(List.of(), List.of(p1, none), List.of(), List.of(), RELATIONS));

    assertEquals(2, out.upserted());
    assertEquals("bob", stored("component", "web").at("/properties/oncall").asText());
    assertEquals("P1", stored("component", "web").at("/properties/pd").asText());
    assertEquals("Web", stored("component", "web").get("title").asText());
    assertEquals("bob", stored("component", "api").at("/properties/oncall").asText());
    assertTrue(stored("component", "db").at("/properties/oncall").isMissingNode());
    assertEquals(3, store.list("component", 10).size());
    assertEquals(1, out.problems().size());
    assertTrue(out.problems().get(0).message().contains("matched no entity"), out.toString());
  }

  @Test
  void searchMatchesOnlyExactValuesWhateverTheSqlFinds() {
    merge(
        of("component", "a", "Web", "{\"v\":\"X_1%\"}", "{}"),
        of("component", "b", "web", "{\"v\":\"x_1%\",\"w\":{\"v\":\"X_1%\"}}", "{}"),
        of("component", "c", "Web", "{\"v\":\"XY1Z\"}", "{}"));
    EntityUpdate exact =
        new EntityUpdate(
            "component",
            query(
                "{\"combinator\":\"and\",\"rules\":[{\"property\":\"v\",\"operator\":\"=\",\"value\":\"X_1%\"},"
                    + "{\"combinator\":\"or\",\"rules\":[{\"property\":\"$title\",\"operator\":\"=\",\"value\":\"Web\"},"
                    + "{\"property\":\"$blueprint\",\"operator\":\"=\",\"value\":\"other\"}]}]}"),
            null,
            null,
            null,
            json("{\"hit\":true}"),
            json("{}"));

    store.write(WriteBatch.merge(List.of(), List.of(exact), List.of(), List.of(), RELATIONS));

    assertTrue(stored("component", "a").at("/properties/hit").asBoolean());
    assertTrue(stored("component", "b").at("/properties/hit").isMissingNode());
    assertTrue(stored("component", "c").at("/properties/hit").isMissingNode());
  }

  @Test
  void aBatchWithAnyKeySeenBeforeWritesNothing() {
    WriteOutcome first =
        store.write(
            WriteBatch.merge(
                List.of(entity("kinds", "a", "A", 1)),
                List.of(),
                List.of(),
                List.of("key-1", "signature s1"),
                RELATIONS));
    WriteOutcome replay =
        store.write(
            WriteBatch.merge(
                List.of(entity("kinds", "a", "A", 2)),
                List.of(),
                List.of(),
                List.of("key-2", "signature s1"),
                RELATIONS));

    assertFalse(first.duplicate());
    assertTrue(replay.duplicate());
    assertFalse(store.seen("key-2"), "a duplicate batch records none of its keys");
    assertEquals(1, stored("kinds", "a").at("/properties/raw_objects").asInt());
  }
}
