package dev.syncmetrics.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/syncmetrics.jar map ...} as a user runs it. */
class MapCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, String out, String err) {}

  private static Run jar(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java", "-jar", System.getProperty("syncmetrics.jar", "target/syncmetrics.jar")));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "map finishes");
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void mapsAPayloadFileWithTheShippedMappings(@TempDir Path dir) throws Exception {
    Path payload = dir.resolve("runtime.json");
    Files.writeString(
        payload,
        """
        {"integration_type": "github", "integration_identifier": "github-prod",
         "kind_identifier": "__runtime__", "kind": "__runtime__",
         "metrics": {"phase": {"resync": {"duration_seconds": 8.38, "success": 0}}}}""");

    Run run = jar("map", "--mappings", "mappings/", payload.toString());

    assertEquals(0, run.exit(), run.err());
    JsonNode out = JSON.readTree(run.out());
    JsonNode integration = out.get("entities").get(1);
    assertEquals("integration", integration.get("blueprint").asText());
    assertEquals("github-github-prod", integration.get("identifier").asText());
    assertEquals(
        "FAILED", integration.get("properties").get("last_resync_completion_status").asText());
    assertEquals(8, integration.get("properties").get("last_resync_duration").asInt());
  }

  @Test
  void mappingsThatDoNotLoadGiveOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("webhooks"));
    Files.writeString(
        dir.resolve("webhooks/w.json"),
        "{\"blueprint\": \"nope\", \"entity\": {\"identifier\": \".a | roundd\"}}");

    Run run = jar("map", "--mappings", dir.toString(), "--from-reporter");

    assertEquals(2, run.exit());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(
        run.err().contains("webhooks/w.json entity.identifier: roundd/0 is not defined"),
        run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
  }
}
