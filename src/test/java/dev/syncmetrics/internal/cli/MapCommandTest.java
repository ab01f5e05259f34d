package dev.syncmetrics.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MapCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run map(String... args) {
    return mapWith(java.util.Map.of(), args);
  }

  private static Run mapWith(java.util.Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    MapCommand command = new MapCommand();
    command.environment = env;
    int exit =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static final String KIND_PAYLOAD =
      """
      {"integration_type": "github", "integration_identifier": "github-prod",
       "kind_identifier": "repository-0", "kind": "repository",
       "metrics": {"phase": {"extract": {"object_count": 120},
         "transform": {"object_count": 118}, "load": {"object_count": 117},
         "resync": {"duration_seconds": 8.38, "success": 1}}}}
      """;

  @Test
  void printsTheEntitiesOfAPayloadAndExitsZeroWhenClean() throws Exception {
    Path payload = write("kind.json", KIND_PAYLOAD);

    Run run = map("--mappings", "mappings", payload.toString());

    assertEquals(0, run.exit(), run.err());
    JsonNode out = run.json();
    assertEquals(
        List.of("integration_kind_metrics", "integration_kind_phase_metrics"), blueprints(out));
    JsonNode kind = out.get("entities").get(0);
    assertEquals("repository-0", kind.get("identifier").asText());
    assertEquals(8, kind.get("properties").get("duration").asInt());
    assertEquals("github-github-prod", kind.get("relations").get("integration").asText());
    assertEquals(1, out.get("filteredOut").asInt());
    assertEquals(0, out.get("errors").size());
    assertEquals(0, out.get("deletes").size());
  }

  @Test
  void exitsOneAndListsTheErrorsWhenAMappingFails() throws Exception {
    Path payload = write("broken.json", KIND_PAYLOAD.replace("8.38", "\"slow\""));

    Run run =
        map("--mappings", "mappings", "--webhook", "kind-metrics", "--compact", payload.toString());

    assertEquals(1, run.exit());
    assertEquals(1, run.out().strip().lines().count(), "--compact prints one line");
    JsonNode error = run.json().get("errors").get(0);
    assertEquals("mappings/webhooks/kind-metrics.json", error.get("file").asText());
    assertEquals("entity.properties.duration", error.get("path").asText());
    assertEquals("repository-0", error.get("entity").asText());
    assertEquals("string (\"slow\") number required", error.get("message").asText());
    assertEquals(payload.toString(), error.get("payload").asText());
    assertEquals(1, run.json().get("entities").size(), "the entity still comes out");
  }

  @Test
  void headersAndQueryParametersReachTheExpressions() throws Exception {
    Path mappings = dir.resolve("m");
    write(
        "m/blueprints/event.json",
        """
        {"identifier": "event", "schema": {"properties": {"source": {"type": "string"}}}}""");
    write(
        "m/webhooks/events.json",
        """
        {"blueprint": "event", "filter": ".headers[\\"x-kind\\"] == 'push'",
         "entity": {"identifier": ".queryParams.id",
                    "properties":
                      {"source": ".headers[\\"x-kind\\"] + \\"@\\" + .queryParams.env"}}}
        """);
    Path payload = write("empty.json", "{}");

    Run run =
        map(
            "--mappings",
            mappings.toString(),
            "--header",
            "x-kind=push",
            "--query",
            "id=e1",
            "--query",
            "env=prod",
            payload.toString());

    assertEquals(0, run.exit(), run.err());
    JsonNode entity = run.json().get("entities").get(0);
    assertEquals("e1", entity.get("identifier").asText());
    assertEquals("push@prod", entity.get("properties").get("source").asText());
  }

  @Test
  void fromReporterMapsASampleSyncRunInProcess() throws Exception {
    Run run = map("--mappings", "mappings", "--from-reporter");

    assertEquals(0, run.exit(), run.err());
    JsonNode out = run.json();
    List<String> identifiers = new ArrayList<>();
    out.get("entities")
        .forEach(
            e -> identifiers.add(e.get("blueprint").asText() + " " + e.get("identifier").asText()));
    assertTrue(
        identifiers.contains("integration_kind_metrics repository-0"), identifiers.toString());
    assertTrue(identifiers.contains("integration_kind_metrics merge-request-1"));
    assertTrue(identifiers.contains("integration sample-sample-local"));
    for (JsonNode e : out.get("entities")) {
      if (e.get("identifier").asText().equals("merge-request-1")) {
        assertEquals("FAILED", e.get("properties").get("last_completion_status").asText());
      }
    }
  }

  @Test
  void fromReporterWritesTheFormatTheSettingNamesAndItFillsItsGuideAsSent() throws Exception {
    Run run =
        mapWith(
            java.util.Map.of("METRICS_PAYLOAD_FORMAT", "ocean"),
            "--mappings",
            "mappings/current-guide",
            "--from-reporter",
            "--as-sent");

    assertEquals(0, run.exit(), run.out() + run.err());
    JsonNode entities = run.json().get("entities");
    assertEquals(3, entities.size(), entities.toString());
    for (JsonNode e : entities) {
      e.get("properties").forEach(v -> assertTrue(!v.isNull(), e.toString()));
    }
    Run seed = map("--mappings", "mappings/current-guide", "--from-reporter", "--as-sent");
    assertEquals(1, seed.exit(), "the seed format does not fill the current guide as sent");
    Run option =
        mapWith(
            java.util.Map.of("METRICS_PAYLOAD_FORMAT", "seed"),
            "--mappings",
            "mappings/current-guide",
            "--from-reporter",
            "--as-sent",
            "--format",
            "OCEAN");
    assertEquals(0, option.exit(), "--format wins over the variable: " + option.out());
    Run bad = map("--mappings", "mappings", "--from-reporter", "--format", "camel");
    assertEquals(2, bad.exit());
    assertEquals(
        "error: --format 'camel' is not a payload format (expected one of seed, ocean)",
        bad.err().strip());
  }

  @Test
  void oceanPayloadsAreReadAsTheCatalogReadsThemAndItsNoticesAreListedAsIgnored() throws Exception {
    List<String> files = new ArrayList<>(List.of("--mappings", "mappings", "--compact"));
    try (var s = Files.list(Path.of("src/test/resources/ocean/0.48.12"))) {
      s.sorted().forEach(f -> files.add(f.toString()));
    }
    Run run = map(files.toArray(String[]::new));

    assertEquals(0, run.exit(), run.out() + run.err());
    JsonNode ignored = run.json().get("ignored");
    assertEquals(3, ignored.size(), ignored.toString());
    assertTrue(ignored.get(0).get("payload").asText().endsWith("01-__runtime__-syncing.json"));
    assertTrue(ignored.get(0).get("reason").asText().contains("still under way"));

    Run asSent =
        map(
            "--mappings",
            "mappings",
            "--as-sent",
            "src/test/resources/ocean/0.48.12/02-repository-0.json");
    assertEquals(1, asSent.exit(), "as the vendor's catalog would: no identifier");
    assertEquals(
        "identifier must be a non-empty string, not null (null)",
        asSent.json().get("errors").get(0).get("message").asText());
  }

  @Test
  void badUsageUnreadablePayloadsAndBrokenMappingsExitTwoWithOneLine() throws Exception {
    Path notJson = write("bad.json", "{\"a\": ");
    Path twoValues = write("lines.jsonl", "{\"a\": 1}\n{\"a\": 2}\n");
    Path broken = dir.resolve("broken");
    write("broken/blueprints/x.json", "{\"identifier\": \"x\", \"schema\": {}}");
    write(
        "broken/webhooks/x.json", "{\"blueprint\": \"x\", \"entity\": {\"identifier\": \".a |\"}}");

    Run noPayload = map("--mappings", "mappings");
    Run invalid = map("--mappings", "mappings", notJson.toString());
    Run missing = map("--mappings", "mappings", dir.resolve("absent.json").toString());
    Run noMappings = map("--mappings", broken.toString(), notJson.toString());
    Run noWebhook = map("--mappings", "mappings", "--webhook", "nope", notJson.toString());
    Run jsonLines = map("--mappings", "mappings", twoValues.toString());

    for (Run run : List.of(noPayload, invalid, missing, noMappings, noWebhook, jsonLines)) {
      assertEquals(2, run.exit(), run.err());
      assertEquals("", run.out());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().startsWith("error: "), run.err());
    }
    assertTrue(
        invalid.err().contains(notJson + ": not valid JSON at line 1, column 7"), invalid.err());
    assertTrue(
        noMappings.err().contains("x.json entity.identifier: syntax error"), noMappings.err());
    assertTrue(noWebhook.err().contains("no webhook nope in mappings/webhooks"), noWebhook.err());
    assertTrue(
        jsonLines
            .err()
            .contains(
                twoValues
                    + ": holds more than one JSON value (the second"
                    + " starts at line 2, column 1); give one payload per file"),
        jsonLines.err());
  }

  private static List<String> blueprints(JsonNode out) {
    List<String> names = new ArrayList<>();
    out.get("entities").forEach(e -> names.add(e.get("blueprint").asText()));
    return names;
  }
}
