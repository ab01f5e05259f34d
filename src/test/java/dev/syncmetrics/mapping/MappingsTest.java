package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Each mapping feature, applied to small payloads. */
class MappingsTest {
  static final String SERVICE =
      """
      {"identifier": "service", "title": "Service", "schema": {"properties": {
        "name": {"type": "string"}, "count": {"type": "number"}, "ok": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}}, "meta": {"type": "object"},
        "status": {"type": "string", "enum": ["UP", "DOWN"]},
        "seen": {"type": "string", "format": "date-time"}, "note": {"type": "string"}},
        "required": ["name"]},
       "relations": {"owner": {"target": "team", "many": false},
                     "members": {"target": "team", "many": true}}}
      """;
  static final String TEAM =
      """
      {"identifier": "team", "schema": {"properties": {}}}
      """;

  static Mappings mappings(String webhookJson) {
    return Mappings.builder()
        .blueprint("blueprints/service.json", SERVICE)
        .blueprint("blueprints/team.json", TEAM)
        .webhook("webhooks/test.json", webhookJson)
        .build();
  }

  static JsonNode json(String text) {
    try {
      return TestPayloads.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static MappingResult apply(String webhookJson, String body) {
    return mappings(webhookJson).apply(json(body), Map.of(), Map.of());
  }

  @Test
  void entityFieldsComeFromTheirExpressions() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": ".body.id", "title": ".body.name",
          "icon": "\\"Service\\"", "team": ".body.team",
          "properties": {"name": ".body.name", "count": ".body.n * 2", "ok": ".body.n > 1",
                         "tags": "[.body.tags[] | ascii_upcase]", "meta": "{n: .body.n}"},
          "relations": {"owner": ".body.team", "members": "[.body.team, \\"ops\\"]"}}}
        """,
            """
        {"id": "svc-1", "name": "Billing", "n": 2, "team": "payments", "tags": ["a", "b"]}
        """);

    assertEquals(List.of(), r.errors());
    Entity e = r.upserts().get(0);
    assertEquals("service", e.blueprint());
    assertEquals("svc-1", e.identifier());
    assertEquals("Billing", e.title());
    assertEquals("Service", e.icon());
    assertEquals("payments", e.team());
    assertEquals(
        json("""
        {"name": "Billing", "count": 4, "ok": true, "tags": ["A", "B"], "meta": {"n": 2}}
        """)
            .toString(),
        e.properties().toString());
    assertEquals(
        json(
            """
        {"owner": "payments", "members": ["payments", "ops"]}
        """),
        e.relations());
  }

  @Test
  void deleteOperationYieldsReferencesNotEntities() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "operation": "delete", "filter": ".body.action == \\"removed\\"",
         "entity": {"identifier": ".body.id"}}
        """,
            """
        {"action": "removed", "id": "svc-9"}
        """);

    assertEquals(List.of(), r.errors());
    assertEquals(List.of(), r.upserts());
    assertEquals(List.of(Deletion.of("service", "svc-9", true)), r.deletes());
  }

  @Test
  void itemsToParseMakesOneEntityPerItemWithTheItemBound() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "itemsToParse": ".body.services",
         "filter": ".item.enabled",
         "entity": {"identifier": ".item.id", "properties": {"name": ".item.name",
                    "note": ".body.source + \\"/\\" + .item.id"}}}
        """,
            """
        {"source": "cmdb", "services": [
          {"id": "a", "name": "A", "enabled": true},
          {"id": "b", "name": "B", "enabled": false},
          {"id": "c", "name": "C", "enabled": true}]}
        """);

    assertEquals(List.of(), r.errors());
    assertEquals(List.of("a", "c"), r.upserts().stream().map(Entity::identifier).toList());
    assertEquals("cmdb/c", r.upserts().get(1).properties().get("note").asText());
    assertEquals(1, r.filteredOut(), "the filter runs once per item");
  }

  @Test
  void itemsToParseOnAMissingListGivesNothingAndOnANonArrayAnError() {
    String mapping =
        """
        {"blueprint": "service", "itemsToParse": ".body.services",
         "entity": {"identifier": ".item.id", "properties": {"name": ".item.name"}}}
        """;
    MappingResult missing = apply(mapping, "{}");
    MappingResult notAnArray = apply(mapping, "{\"services\": \"a\"}");

    assertEquals(List.of(), missing.errors());
    assertEquals(List.of(), missing.upserts());
    assertEquals(1, notAnArray.errors().size());
    MappingError error = notAnArray.errors().get(0);
    assertEquals("itemsToParse", error.path());
    assertEquals("itemsToParse must give an array, not string (\"a\")", error.message());
  }

  @Test
  void headersAndQueryParamsAreInTheInput() {
    Mappings m =
        mappings(
            """
        {"blueprint": "service",
         "filter": ".headers[\\"x-event\\"] == \\"deploy\\"",
         "entity": {"identifier": ".queryParams.service",
                    "properties": {"name": ".headers[\\"x-event\\"] + \\":\\" + .queryParams.env"}}}
        """);

    MappingResult deploy =
        m.apply(json("{}"), Map.of("x-event", "deploy"), Map.of("service", "svc-1", "env", "prod"));
    MappingResult other = m.apply(json("{}"), Map.of("x-event", "ping"), Map.of());

    assertEquals(List.of(), deploy.errors());
    assertEquals("svc-1", deploy.upserts().get(0).identifier());
    assertEquals("deploy:prod", deploy.upserts().get(0).properties().get("name").asText());
    assertEquals(List.of(), other.upserts());
    assertEquals(1, other.filteredOut());
  }

  @Test
  void singleQuotedStringsAreStringLiterals() {
    Mappings m =
        mappings(
            """
        [{"blueprint": "service", "filter": ".body.kind == 'svc'",
          "entity": {"identifier": "'say \\"hi\\"'",
                     "properties": {"name": "\\"it's \\" + .body.kind",
                                    "note": ".body.kind == 'other'|not|tostring"}}},
         {"blueprint": "team", "filter": ".body.kind == 'x'|not",
          "entity": {"identifier": "'back\\\\slash'"}}]
        """);

    MappingResult r = m.apply(json("{\"kind\": \"svc\"}"), Map.of(), Map.of());

    assertEquals(List.of(), r.errors());
    assertEquals(
        List.of("say \"hi\"", "back\\slash"),
        r.upserts().stream().map(Entity::identifier).toList());
    assertEquals("it's svc", r.upserts().get(0).properties().get("name").asText());
    assertEquals("true", r.upserts().get(0).properties().get("note").asText());
  }

  @Test
  void aMissingOptionalFieldGivesNullWithoutAnError() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": ".body.id", "title": ".body.title",
          "properties": {"name": ".body.name", "count": ".body.stats.count"},
          "relations": {"owner": ".body.owner"}}}
        """,
            """
        {"id": "svc-1", "name": "Billing"}
        """);

    assertEquals(List.of(), r.errors());
    Entity e = r.upserts().get(0);
    assertNull(e.title());
    assertTrue(e.properties().get("count").isNull());
    assertTrue(e.relations().get("owner").isNull());
  }

  @Test
  void aPropertyThatViolatesItsBlueprintIsDroppedAndReported() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": ".body.id",
          "properties": {"name": ".body.name", "count": ".body.count"}}}
        """,
            """
        {"id": "svc-1", "name": "Billing", "count": "many"}
        """);

    assertEquals(
        List.of(
            new MappingError(
                "webhooks/test.json",
                "entity.properties.count",
                "svc-1",
                "value \"many\" (string) does not fit property count of blueprint service:"
                    + " expected number")),
        r.errors());
    Entity e = r.upserts().get(0);
    assertEquals("Billing", e.properties().get("name").asText());
    assertFalse(e.properties().has("count"), "the entity is upserted without the property");
  }

  @Test
  void enumDateTimeAndArrayItemsAreChecked() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": "\\"s\\"",
          "properties": {"name": "\\"n\\"", "status": ".body.status", "seen": ".body.seen",
                         "tags": ".body.tags"}}}
        """,
            """
        {"status": "SIDEWAYS", "seen": "yesterday", "tags": ["a", 1]}
        """);

    assertEquals(
        List.of(
            "value \"SIDEWAYS\" (string) does not fit property status of blueprint service:"
                + " expected one of [\"UP\", \"DOWN\"]",
            "value \"yesterday\" (string) does not fit property seen of blueprint service:"
                + " expected a date-time such as 2026-11-21T10:00:00Z",
            "value [\"a\",1] (array) does not fit property tags of blueprint service:"
                + " expected an array of string but an item is number (1)"),
        r.errors().stream().map(MappingError::message).toList());
    assertEquals(
        List.of("entity.properties.status", "entity.properties.seen", "entity.properties.tags"),
        r.errors().stream().map(MappingError::path).toList());
  }

  @Test
  void validDateTimesPass() {
    for (String t :
        List.of(
            "2026-11-21T10:00:00Z",
            "2028-02-29T23:59:59.5Z",
            "2026-11-21T10:00:00+01:00",
            "2026-11-21T10:00:00.123Z")) {
      assertTrue(BlueprintSchema.isDateTime(t), t);
    }
    for (String t :
        List.of(
            "2026-02-30T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-11-21",
            "2026-11-21 10:00:00Z",
            "2026-11-21T24:00:00Z")) {
      assertFalse(BlueprintSchema.isDateTime(t), t);
    }
  }

  @Test
  void aRunTimeFailureNamesFilePathAndJqMessageAndTheRestStillComesOut() {
    MappingResult r =
        mappings(
                """
        [{"blueprint": "service", "entity": {"identifier": ".body.id",
           "properties": {"name": ".body.name", "count": ".body.metrics.phase|round"}}},
         {"blueprint": "team", "entity": {"identifier": ".body.team"}}]
        """)
            .apply(
                json("{\"id\": \"svc-1\", \"name\": \"Billing\", \"team\": \"t\"}"),
                Map.of(),
                Map.of());

    assertEquals(
        List.of(
            new MappingError(
                "webhooks/test.json",
                "[0].entity.properties.count",
                "svc-1",
                "null (null) number required")),
        r.errors());
    assertEquals(List.of("svc-1", "t"), r.upserts().stream().map(Entity::identifier).toList());
    assertEquals("Billing", r.upserts().get(0).properties().get("name").asText());
  }

  @Test
  void aFailingIdentifierOrFilterDropsTheEntity() {
    MappingResult r =
        mappings(
                """
        [{"blueprint": "service", "entity": {"identifier": ".body.n",
           "properties": {"name": "\\"x\\""}}},
         {"blueprint": "team", "filter": ".body.n.deep", "entity": {"identifier": "\\"t\\""}}]
        """)
            .apply(json("{\"n\": 42}"), Map.of(), Map.of());

    assertEquals(List.of(), r.upserts());
    assertEquals(
        List.of(
            new MappingError(
                "webhooks/test.json",
                "[0].entity.identifier",
                null,
                "identifier must be a non-empty string, not number (42)"),
            new MappingError(
                "webhooks/test.json",
                "[1].filter",
                null,
                "Cannot index number with string \"deep\"")),
        r.errors());
  }

  @Test
  void duplicateIdentifiersInOnePayloadAreReportedAndTheFirstWins() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "itemsToParse": ".body.items",
         "entity": {"identifier": ".item.id", "properties": {"name": ".item.name"}}}
        """,
            """
        {"items": [{"id": "a", "name": "first"}, {"id": "a", "name": "second"}]}
        """);

    assertEquals(1, r.upserts().size());
    assertEquals("first", r.upserts().get(0).properties().get("name").asText());
    assertEquals(
        List.of(
            new MappingError(
                "webhooks/test.json",
                "entity.identifier",
                "a",
                "item 1: duplicate identifier a of blueprint service in one payload (first produced by"
                    + " webhooks/test.json entity.identifier item 0); this one is dropped")),
        r.errors());
  }

  @Test
  void aMissingRequiredPropertyDropsTheEntity() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": "\\"s\\"",
          "properties": {"name": ".body.name"}}}
        """,
            "{}");

    assertEquals(List.of(), r.upserts());
    assertEquals(
        List.of(
            "required property name of blueprint service is null; the entity is" + " not upserted"),
        r.errors().stream().map(MappingError::message).toList());
  }

  @Test
  void relationsMustHoldIdentifiers() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": "\\"s\\"",
          "properties": {"name": "\\"n\\""},
          "relations": {"owner": "[\\"a\\"]", "members": "\\"b\\""}}}
        """,
            "{}");

    assertEquals(
        List.of(
            "relation owner expects one identifier (a string) of team entities, not array ([\"a\"])",
            "relation members expects an array of identifiers of team entities, not string (\"b\")"),
        r.errors().stream().map(MappingError::message).toList());
    assertTrue(r.upserts().get(0).relations().isEmpty());
  }

  @Test
  void anExpressionYieldingSeveralValuesIsAnError() {
    MappingResult r =
        apply(
            """
        {"blueprint": "service", "entity": {"identifier": "\\"s\\"",
          "properties": {"name": "\\"n\\"", "note": ".body.tags[]"}}}
        """,
            "{\"tags\": [\"a\", \"b\"]}");

    assertEquals(
        List.of(
            "yields 2 values where one is expected; wrap it in [ ] to collect them"
                + " into an array, or use first(...)"),
        r.errors().stream().map(MappingError::message).toList());
  }

  @Test
  void webhookSelectsTheMappingsOfOneFile() {
    Mappings m =
        Mappings.builder()
            .blueprint("b/service.json", SERVICE)
            .blueprint("b/team.json", TEAM)
            .webhook(
                "w/services.json",
                """
            {"blueprint": "service", "entity": {"identifier": "\\"s\\"",
              "properties": {"name": "\\"n\\""}}}""")
            .webhook(
                "w/teams.json",
                """
            {"blueprint": "team", "entity": {"identifier": "\\"t\\""}}""")
            .build();

    assertEquals(List.of("services", "teams"), List.copyOf(m.webhookNames()));
    assertEquals(2, m.apply(json("{}"), Map.of(), Map.of()).upserts().size());
    Mappings teams = m.webhook("teams").orElseThrow();
    assertEquals(
        List.of("t"),
        teams.apply(json("{}"), Map.of(), Map.of()).upserts().stream()
            .map(Entity::identifier)
            .toList());
    assertEquals(m.blueprints().keySet(), teams.blueprints().keySet());
    assertTrue(m.webhook("nope").isEmpty());
  }

  @Test
  void manyThreadsGetWhatOneThreadGets() throws Exception {
    Mappings m = Mappings.load(java.nio.file.Path.of("mappings"));
    List<JsonNode> payloads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      payloads.add(
          i % 3 == 0
              ? TestPayloads.runtime("t", "i" + i, i / 7.0, i % 2)
              : TestPayloads.kind("t", "i" + i, "k", i, i, i - 1, i - 2, i / 3.0, i % 2));
    }
    List<String> sequential = new ArrayList<>();
    for (JsonNode p : payloads) {
      sequential.add(withoutTimes(m.apply(p, Map.of(), Map.of())));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (JsonNode p : payloads) {
        futures.add(pool.submit(() -> withoutTimes(m.apply(p, Map.of(), Map.of()))));
      }
      for (int i = 0; i < payloads.size(); i++) {
        assertEquals(sequential.get(i), futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The result as JSON, without the now-dependent timestamps. */
  private static String withoutTimes(MappingResult r) {
    return r.toJson().toString().replaceAll("\"(last_sync_at|last_resync_at)\":\"[^\"]*\"", "");
  }
}
