package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mappings that do not load: every problem is reported at once, with file, JSON path and cause. */
class MappingLoadErrorsTest {
  private static List<String> problems(String webhookJson) {
    return assertThrows(MappingLoadException.class, () -> MappingsTest.mappings(webhookJson))
        .problems();
  }

  @Test
  void aCompileErrorNamesFileArrayPathAndJqMessage() {
    assertEquals(
        List.of(
            "webhooks/test.json [0].entity.properties.count: roundd/0 is not"
                + " defined in \".body.count | roundd\""),
        problems(
            """
        [{"blueprint": "service", "entity": {"identifier": ".body.id",
          "properties": {"count": ".body.count | roundd"}}}]
        """));
  }

  @Test
  void aSingleMappingObjectHasPathsWithoutAnIndex() {
    assertEquals(
        List.of(
            "webhooks/test.json entity.properties.count: syntax error: unexpected"
                + " end of expression in \".body.count +\""),
        problems(
            """
        {"blueprint": "service", "entity": {"identifier": ".body.id",
          "properties": {"count": ".body.count +"}}}
        """));
  }

  @Test
  void aSyntaxErrorPointsAtTheColumnTheUserWrote() {
    // the single-quoted literal is rewritten longer; the column still counts the original
    assertEquals(
        List.of(
            "webhooks/test.json filter: syntax error: unexpected \"c\" at column 24"
                + " in \".body.a == 'x\\\"y' and b c\""),
        problems(
            """
        {"blueprint": "team", "filter": ".body.a == 'x\\"y' and b c",
         "entity": {"identifier": "\\"t\\""}}
        """));
  }

  @Test
  void everyProblemOfEveryFileIsReportedAtOnce() {
    MappingLoadException e =
        assertThrows(
            MappingLoadException.class,
            () ->
                Mappings.builder()
                    .blueprint("blueprints/service.json", MappingsTest.SERVICE)
                    .blueprint("blueprints/team.json", MappingsTest.TEAM)
                    .webhook(
                        "webhooks/a.json",
                        """
            [{"blueprint": "service", "entity": {"identifier": ".id |",
              "properties": {"name": "$nope"}}},
             {"blueprint": "nosuch", "entity": {"identifier": ".id"}}]""")
                    .webhook(
                        "webhooks/b.json",
                        """
            {"blueprint": "team", "operation": "upsert", "entity": {"identifier": ".id"}}""")
                    .build());

    assertEquals(
        List.of(
            "webhooks/a.json [0].entity.identifier: syntax error: unexpected end of expression"
                + " in \".id |\"",
            "webhooks/a.json [0].entity.properties.name: $nope is not defined in \"$nope\"",
            "webhooks/a.json [1].blueprint: blueprint nosuch is not defined (loaded: service, team)",
            "webhooks/b.json operation: operation must be \"create\", \"delete\", {\"type\": \"create\"} or {\"type\": \"delete\", \"deleteDependents\": true|false}, not \"upsert\""),
        e.problems());
    assertEquals(
        "mappings do not load (4 problems): " + String.join("; ", e.problems()), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  @Test
  void aRelationToAMissingBlueprintIsReportedOnTheBlueprint() {
    MappingLoadException e =
        assertThrows(
            MappingLoadException.class,
            () ->
                Mappings.builder()
                    .blueprint("blueprints/service.json", MappingsTest.SERVICE)
                    .build());

    assertEquals(
        List.of(
            "blueprints/service.json relations.owner.target: relation owner targets blueprint team,"
                + " which is not defined (loaded: service)",
            "blueprints/service.json relations.members.target: relation members targets blueprint"
                + " team, which is not defined (loaded: service)"),
        e.problems());
  }

  @Test
  void invalidJsonIsReportedWithLineAndColumn() {
    List<String> problems = problems("{\n  \"blueprint\": \"team\",\n  \"entity\": }\n");

    assertEquals(1, problems.size());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "webhooks/test.json: not valid JSON at line 3, column"
                    + " 13: Unexpected character ('}'"),
        problems.get(0));
  }

  @Test
  void unknownFieldsPropertiesAndRelationsAreReported() {
    assertEquals(
        List.of(
            "webhooks/test.json entity.propertis: unknown field propertis (expected one of [icon,"
                + " identifier, properties, relations, team, title])",
            "webhooks/test.json entity.relations.boss: relation boss is not defined in blueprint"
                + " service"),
        problems(
            """
        {"blueprint": "service", "entity": {"identifier": ".id",
          "propertis": {"name": ".name"}, "relations": {"boss": ".b"}}}
        """));
    assertEquals(
        List.of(
            "webhooks/test.json entity.properties[\"odd-name\"]: property odd-name"
                + " is not defined in blueprint service"),
        problems(
            """
        {"blueprint": "service", "entity": {"identifier": ".id",
          "properties": {"odd-name": ".name"}}}
        """));
  }

  @Test
  void expressionsMustBeStringsAndTheIdentifierIsRequired() {
    assertEquals(
        List.of(
            "webhooks/test.json entity.identifier: a jq expression is required here",
            "webhooks/test.json entity.properties.count: must be a jq expression in a JSON string,"
                + " not 3"),
        problems(
            """
        {"blueprint": "service", "entity": {"properties": {"count": 3}}}
        """));
  }

  @Test
  void theEnvironmentIsNotReadableAndAnUnterminatedQuoteIsReported() {
    assertEquals(
        List.of(
            "webhooks/test.json entity.identifier: $ENV is not defined: mappings cannot read the"
                + " catalog's environment in \"$ENV.HOME\"",
            "webhooks/test.json entity.title: env/0 is not defined: mappings cannot read the"
                + " catalog's environment in \"env.HOME\"",
            "webhooks/test.json entity.icon: unterminated single-quoted string starting at column"
                + " 7 in \".a == 'open\""),
        problems(
            """
        {"blueprint": "team", "entity": {"identifier": "$ENV.HOME", "title": "env.HOME",
          "icon": ".a == 'open"}}
        """));
  }

  @Test
  void duplicateBlueprintsAndBadSchemasAreReported() {
    MappingLoadException e =
        assertThrows(
            MappingLoadException.class,
            () ->
                Mappings.builder()
                    .blueprint("b/one.json", MappingsTest.TEAM)
                    .blueprint("b/two.json", MappingsTest.TEAM)
                    .blueprint(
                        "b/three.json",
                        """
            {"identifier": "x", "schema": {"properties": {"n": {"type": "integer"}}}}""")
                    .build());

    assertEquals(
        List.of(
            "b/two.json identifier: blueprint team is already defined in b/one.json",
            "b/three.json schema.properties.n.type: type must be one of [array, boolean, number,"
                + " object, string], not \"integer\""),
        e.problems());
  }

  @Test
  void aDirectoryLoadNamesTheFilesAsFoundThere(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("blueprints"));
    Files.createDirectories(dir.resolve("webhooks"));
    Files.writeString(dir.resolve("blueprints/team.json"), MappingsTest.TEAM);
    Files.writeString(
        dir.resolve("webhooks/teams.json"),
        "{\"blueprint\": \"team\", \"entity\": {\"identifier\": \".a | nope(1)\"}}");
    Files.writeString(dir.resolve("webhooks/README.md"), "not a mapping");

    MappingLoadException e = assertThrows(MappingLoadException.class, () -> Mappings.load(dir));

    assertEquals(
        List.of(
            dir.resolve("webhooks/teams.json")
                + " entity.identifier: nope/1 is not"
                + " defined in \".a | nope(1)\""),
        e.problems());
  }

  @Test
  void aMissingDirectoryIsOneProblem(@TempDir Path dir) {
    MappingLoadException e =
        assertThrows(MappingLoadException.class, () -> Mappings.load(dir.resolve("absent")));

    assertEquals(List.of(dir.resolve("absent") + ": not a directory"), e.problems());
  }
}
