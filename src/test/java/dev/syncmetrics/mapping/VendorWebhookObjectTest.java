package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog vendor's webhook object, as its API exports it, loaded and applied. */
class VendorWebhookObjectTest {
  static final String DEPLOYMENT =
      """
      {"identifier": "deployment", "schema": {"properties": {
        "version": {"type": "string"}, "env": {"type": "string"}, "appVersion": {"type": "string"}}},
       "relations": {"component_deployment": {"target": "deployment", "many": false}}}
      """;

  /** What GET /v1/webhooks/{identifier} gives, trimmed: the fields we use and some we do not. */
  static final String EXPORTED =
      """
      {
        "identifier": "deployments",
        "title": "Deployments",
        "description": "from CI",
        "icon": "Github",
        "enabled": true,
        "integrationType": "custom",
        "webhookKey": "ZfkDsk2kKd",
        "url": "https://ingest.getport.io/ZfkDsk2kKd",
        "createdAt": "2024-01-01T00:00:00.000Z",
        "mappings": [
          {
            "blueprint": "deployment",
            "operation": {"type": "create"},
            "filter": ".headers[\\"x-event\\"] == \\"deploy\\"",
            "entity": {
              "identifier": ".body.version | tostring",
              "title": "'deployment of ' + .body.version",
              "properties": {"version": ".body.version", "env": "'Production'"},
              "relations": {
                "component_deployment": {
                  "combinator": "'and'",
                  "rules": [{"property": "'appVersion'", "operator": "'='",
                             "value": ".body.version | tostring"}]
                }
              }
            }
          },
          {
            "blueprint": "deployment",
            "operation": {"type": "delete", "deleteDependents": false},
            "filter": ".headers[\\"x-event\\"] == \\"undeploy\\"",
            "entity": {"identifier": ".body.version"}
          },
          {
            "blueprint": "deployment",
            "operation": "delete",
            "filter": ".headers[\\"x-event\\"] == \\"purge\\"",
            "entity": {"identifier": ".body.version"}
          },
          {
            "blueprint": "deployment",
            "filter": ".headers[\\"x-event\\"] == \\"promote\\"",
            "entity": {
              "identifier": {"combinator": "'and'",
                             "rules": [{"property": "'$title'", "operator": "'in'",
                                        "value": "[.body.titles[]]"}]},
              "properties": {"env": ".body.env"}
            }
          }
        ],
        "security": {
          "secret": "${DEPLOY_HOOK_SECRET}",
          "signatureHeaderName": "X-Hub-Signature-256",
          "signatureAlgorithm": "sha256",
          "signaturePrefix": "sha256=",
          "requestIdentifierPath": ".headers[\\"x-delivery\\"]"
        }
      }
      """;

  static Mappings.Builder builder(String file, String json) {
    return Mappings.builder()
        .blueprint("blueprints/deployment.json", DEPLOYMENT)
        .webhook(file, json)
        .environment(Map.of("DEPLOY_HOOK_SECRET", "hook-secret-value"));
  }

  static MappingLoadException failure(String json) {
    return assertThrows(MappingLoadException.class, () -> builder("webhooks/x.json", json).build());
  }

  static MappingResult apply(Mappings m, String event, String body) {
    return m.webhook("deployments")
        .orElseThrow()
        .apply(MappingsTest.json(body), Map.of("x-event", event, "x-delivery", "d-1"), Map.of());
  }

  @Test
  void theExportedObjectLoadsAsItIsAndIsServedByItsIdentifier() {
    Mappings m = builder("webhooks/exported.json", EXPORTED).build();

    WebhookConfig config = m.webhookConfig("deployments").orElseThrow();
    assertEquals("webhooks/exported.json", config.file());
    assertTrue(config.vendorObject());
    assertTrue(config.enabled());
    WebhookSecurity security = config.security();
    assertEquals("hook-secret-value", security.secret(), "read from the environment");
    assertEquals("sha256", security.algorithm());
    assertEquals("X-Hub-Signature-256", security.header());
    assertEquals("sha256=", security.prefix());
    assertFalse(security.toString().contains("hook-secret-value"), security.toString());
    assertTrue(m.webhookConfig("exported").isEmpty(), "named by identifier, not file");
    assertEquals(
        List.of(
            "webhooks/exported.json title: ignored (the catalog does not use it)",
            "webhooks/exported.json description: ignored (the catalog does not use it)",
            "webhooks/exported.json icon: ignored (the catalog does not use it)",
            "webhooks/exported.json integrationType: ignored (the catalog does not use it)",
            "webhooks/exported.json webhookKey: ignored (the catalog does not use it)",
            "webhooks/exported.json url: ignored (the catalog does not use it)",
            "webhooks/exported.json createdAt: ignored (the catalog does not use it)"),
        m.warnings());
  }

  @Test
  void everyOperationFormAndSearchQueryComesOutAsTheVendorMeansIt() {
    Mappings m = builder("webhooks/exported.json", EXPORTED).build();

    MappingResult created = apply(m, "deploy", "{\"version\": \"1.2\"}");
    assertEquals(List.of(), created.errors());
    assertEquals("d-1", created.requestIdentifier());
    Entity e = created.upserts().get(0);
    assertEquals("1.2", e.identifier());
    assertEquals("deployment of 1.2", e.title());
    assertEquals(
        MappingsTest.json(
            "{\"combinator\":\"and\",\"rules\":[{\"property\":\"appVersion\",\"operator\":\"=\",\"value\":\"1.2\"}]}"),
        e.relations().get("component_deployment"));

    assertEquals(
        List.of(Deletion.of("deployment", "1.2", false)),
        apply(m, "undeploy", "{\"version\": \"1.2\"}").deletes());
    assertEquals(
        List.of(Deletion.of("deployment", "1.2", true)),
        apply(m, "purge", "{\"version\": \"1.2\"}").deletes(),
        "a plain delete takes its dependents, as the vendor documents");

    MappingResult promoted = apply(m, "promote", "{\"titles\": [\"a\", \"b\"], \"env\": \"prod\"}");
    EntityUpdate u = promoted.updates().get(0);
    assertEquals(List.of(), promoted.upserts());
    assertEquals("prod", u.properties().get("env").asText());
    SearchQuery q = u.identifier();
    assertTrue(q.matches("deployment", "x", "b", null));
    assertFalse(q.matches("deployment", "x", "c", null));
  }

  @Test
  void theRouteOfEveryFileLeavesVendorObjectsOut() {
    Mappings m =
        builder("webhooks/exported.json", EXPORTED)
            .webhook(
                "webhooks/plain.json",
                """
                {"blueprint": "deployment", "entity": {"identifier": ".body.version"}}
                """)
            .build();

    MappingResult all = m.apply(MappingsTest.json("{\"version\": \"9\"}"), Map.of(), Map.of());

    assertEquals(List.of("9"), all.upserts().stream().map(Entity::identifier).toList());
    assertFalse(m.webhookConfig("plain").orElseThrow().vendorObject());
    assertEquals(List.of("deployments", "plain"), List.copyOf(m.webhookNames()));
  }

  @Test
  void anArrayOfObjectsNamesEachByItsIdentifierAndADisabledOneIsKept() {
    Mappings m =
        builder(
                "webhooks/all.json",
                """
                [{"identifier": "a", "mappings": []},
                 {"identifier": "b", "enabled": false, "mappings": [],
                  "security": {"requestIdentifierPath": ".body.id"}}]
                """)
            .build();

    assertTrue(m.webhookConfig("a").orElseThrow().enabled());
    assertFalse(m.webhookConfig("b").orElseThrow().enabled());
    assertFalse(m.webhookConfig("b").orElseThrow().security().signed());
    assertEquals(
        "7",
        m.webhook("b")
            .orElseThrow()
            .apply(MappingsTest.json("{\"id\": 7}"), Map.of(), Map.of())
            .requestIdentifier());
  }

  @Test
  void aSecretWrittenInTheFileLoadsWithAWarningThatNeverShowsIt() {
    Mappings m =
        builder(
                "webhooks/x.json",
                """
                {"identifier": "x", "mappings": [], "security": {"secret": "plain-text-secret"}}
                """)
            .build();

    assertEquals("plain-text-secret", m.webhookConfig("x").orElseThrow().security().secret());
    assertEquals(1, m.warnings().size());
    assertTrue(m.warnings().get(0).contains("${SOME_NAME}"), m.warnings().toString());
    assertFalse(m.warnings().get(0).contains("plain-text-secret"));
  }

  @Test
  void loadProblemsNameTheFieldAndNeverTheSecret() {
    MappingLoadException e =
        failure(
            """
            [{"mappings": []},
             {"identifier": "b", "enabled": "yes", "mappings": {},
              "security": {"secret": "${NOT_SET_ANYWHERE}", "signatureAlgorithm": "md5"}},
             {"identifier": "c", "mappings": [
               {"blueprint": "deployment", "operation": {"type": "delete", "deleteDependents": "no"},
                "entity": {"identifier": ".id"}},
               {"blueprint": "deployment", "operation": {"type": "create", "deleteDependents": true},
                "entity": {"identifier": ".id"}},
               {"blueprint": "deployment", "operation": {"type": "upsert"}, "entity": {"identifier": ".id"}},
               {"blueprint": "deployment", "entity": {"identifier": ".id", "relations": {
                 "component_deployment": {"combinator": "'and'", "rules": [
                   {"property": "'version'", "operator": "'contains'", "value": "'1'"},
                   {"property": "'$team'", "operator": "'='", "value": "'x'"},
                   {"property": "'colour'", "operator": "'='", "value": "'x'"},
                   {"property": "'version'", "operator": ".body.op", "value": "'x'"},
                   {"relation": "'owner'", "operator": "'='", "value": "'x'"}]}}}},
               {"blueprint": "deployment", "entity": {"identifier":
                 {"combinator": "and", "rules": [{"property": "$identifier", "operator": "=", "value": ".a"}]}}},
               {"blueprint": "deployment", "operation": "delete", "entity": {"identifier":
                 {"combinator": "'or'", "rules": [{"property": "'$identifier'", "operator": "'='", "value": ".a"}]}}}
             ]}]
            """);

    assertEquals(
        List.of(
            "webhooks/x.json [0].identifier: a webhook object in an array needs an identifier (its"
                + " path is /webhook/{identifier})",
            "webhooks/x.json [1].enabled: enabled must be true or false, not \"yes\"",
            "webhooks/x.json [1].security.secret: environment variable NOT_SET_ANYWHERE is not set"
                + " (it holds this webhook's secret)",
            "webhooks/x.json [1].security.signatureAlgorithm: signatureAlgorithm must be one of"
                + " sha256, sha1, plain, syncmetrics, not \"md5\"",
            "webhooks/x.json [1].mappings: mappings must be an array of mappings",
            "webhooks/x.json [2].mappings[0].operation.deleteDependents: deleteDependents must be"
                + " true or false, not \"no\"",
            "webhooks/x.json [2].mappings[1].operation.deleteDependents: unknown field"
                + " deleteDependents (expected type)",
            "webhooks/x.json [2].mappings[2].operation.type: operation must be \"create\","
                + " \"delete\", {\"type\": \"create\"} or {\"type\": \"delete\", \"deleteDependents\":"
                + " true|false}, not {\"type\":\"upsert\"}",
            "webhooks/x.json [2].mappings[3].entity.relations.component_deployment.rules[0].operator:"
                + " operator contains is not supported in search queries (supported: =, in)",
            "webhooks/x.json [2].mappings[3].entity.relations.component_deployment.rules[1].property:"
                + " property $team is not supported in search queries (supported: $identifier,"
                + " $title, $blueprint and the blueprint's properties)",
            "webhooks/x.json [2].mappings[3].entity.relations.component_deployment.rules[2].property:"
                + " property colour is not defined in blueprint deployment",
            "webhooks/x.json [2].mappings[3].entity.relations.component_deployment.rules[3].operator:"
                + " must be a constant jq string such as \"'='\" (it may not depend on the"
                + " request), not \".body.op\"",
            "webhooks/x.json [2].mappings[3].entity.relations.component_deployment.rules[4].relation:"
                + " rules on relations are not supported; search by $identifier, $title or a"
                + " property",
            "webhooks/x.json [2].mappings[4].entity.identifier.combinator: write the constant as a"
                + " jq string: \"'and'\" (every field of a search query is a jq expression)",
            "webhooks/x.json [2].mappings[4].entity.identifier.rules[0].property: write the"
                + " constant as a jq string: \"'$identifier'\" (every field of a search query is a"
                + " jq expression)",
            "webhooks/x.json [2].mappings[4].entity.identifier.rules[0].operator: write the"
                + " constant as a jq string: \"'='\" (every field of a search query is a jq"
                + " expression)",
            "webhooks/x.json [2].mappings[5].entity.identifier: a delete needs the identifier as a"
                + " jq expression; a search query can only update the entities it finds"),
        e.problems());
  }

  @Test
  void aNameTakenTwiceIsAProblemNamingBothFiles() {
    MappingLoadException e =
        assertThrows(
            MappingLoadException.class,
            () ->
                builder("webhooks/a.json", "{\"identifier\": \"b\", \"mappings\": []}")
                    .webhook(
                        "webhooks/b.json",
                        "{\"blueprint\": \"deployment\", \"entity\": {\"identifier\": \".id\"}}")
                    .build());

    assertEquals(
        List.of("webhooks/b.json: webhook b is defined twice (also in webhooks/a.json)"),
        e.problems());
  }

  @Test
  void aWebhookWithoutSecurityHasNone() {
    Mappings m =
        builder("webhooks/x.json", "{\"identifier\": \"x\", \"mappings\": [], \"security\": {}}")
            .build();

    assertNull(m.webhookConfig("x").orElseThrow().security());
    assertEquals(List.of(), m.warnings());
  }
}
