package dev.syncmetrics.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PushCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run push(Map<String, String> env, String... args) {
    PushCommand command = new PushCommand();
    command.environment = env;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true));
      System.setErr(new PrintStream(err, true));
      int exit = new CommandLine(command).execute(args);
      return new Run(exit, out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path writeRunPayloads() throws Exception {
    return writeRunPayloads(PayloadFormat.SEED);
  }

  private Path writeRunPayloads(PayloadFormat format) throws Exception {
    Path payloads = Files.createDirectories(dir.resolve("payloads-" + format.label()));
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "gh", "1")
                    .payloadFormat(format)
                    .build())
            .build()) {
      SyncRun run = reporter.startRun();
      run.kind("repository", 0).extracted(4);
      run.kind("issue", 1).extracted(2);
      for (Payload p : run.finish().payloads()) {
        Files.write(payloads.resolve(p.kindIdentifier() + ".json"), p.body());
      }
    }
    return payloads;
  }

  @Test
  void pushesEveryFileOfADirectoryToTheWebhook() throws Exception {
    Path payloads = writeRunPayloads();
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse());
      }
      server.start();
      Run run =
          push(
              Map.of(
                  "METRICS_WEBHOOK_URL",
                  server.url("/hook").toString(),
                  "METRICS_SPOOL_DIR",
                  dir.resolve("spool").toString()),
              payloads.toString());
      assertEquals(0, run.exit(), run.err());
      Set<String> bodies = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        RecordedRequest r = server.takeRequest();
        bodies.add(r.getBody().readUtf8());
      }
      Set<String> files = new HashSet<>();
      try (var s = Files.list(payloads)) {
        s.forEach(f -> files.add(readString(f)));
      }
      assertEquals(files, bodies);
    }
  }

  @Test
  void aFileInTheOtherFormatIsRewrittenInTheConfiguredOneAndAFileInItIsSentAsItIs()
      throws Exception {
    Path seed = writeRunPayloads(PayloadFormat.SEED);
    Path ocean = writeRunPayloads(PayloadFormat.OCEAN);
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 2; i++) {
        server.enqueue(new MockResponse());
      }
      server.start();
      Run run =
          push(
              Map.of(
                  "METRICS_WEBHOOK_URL",
                  server.url("/hook").toString(),
                  "METRICS_SPOOL_DIR",
                  dir.resolve("spool").toString(),
                  "METRICS_PAYLOAD_FORMAT",
                  "ocean"),
              seed.resolve("repository-0.json").toString(),
              ocean.resolve("issue-1.json").toString());
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.out().contains("rewrote 1 of 2 payloads in the ocean format"), run.out());
      Map<String, JsonNode> bodies = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        String body = server.takeRequest().getBody().readUtf8();
        JsonNode json = JSON.readTree(body);
        bodies.put(json.get("kindIdentifier").asText(), json);
        if (json.get("kindIdentifier").asText().equals("issue-1")) {
          assertEquals(readString(ocean.resolve("issue-1.json")), body, "sent as it is");
        }
      }
      JsonNode rewritten = bodies.get("repository-0");
      JsonNode original = JSON.readTree(seed.resolve("repository-0.json").toFile());
      assertEquals(original.get("event_id").asText(), rewritten.get("eventId").asText());
      assertEquals(original.get("reported_at").asText(), rewritten.get("reportedAt").asText());
      assertEquals(
          "4.0",
          rewritten
              .at("/metrics/phase/extract/object_count_type/raw_extracted/object_count")
              .toString());
      assertEquals(
          4,
          rewritten.at("/metrics/phase/extract/objectCountType/rawExtracted/objectCount").asInt());
    }
  }

  @Test
  void failedDeliveryExitsNonZero() throws Exception {
    Path payloads = writeRunPayloads();
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse().setResponseCode(400));
      }
      server.start();
      Run run =
          push(
              Map.of(
                  "METRICS_WEBHOOK_URL",
                  server.url("/hook").toString(),
                  "METRICS_SPOOL_DIR",
                  dir.resolve("spool").toString()),
              payloads.toString());
      assertEquals(1, run.exit(), run.out() + run.err());
    }
  }

  @Test
  void aFileThatIsNotAPayloadIsNamedWithItsField() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"integration_type\": \"github\"}");
    Run run = push(Map.of("METRICS_WEBHOOK_URL", "http://127.0.0.1:9/"), bad.toString());
    assertEquals(2, run.exit());
    assertTrue(
        run.err().contains("bad.json") && run.err().contains("integration_identifier"), run.err());
  }

  @Test
  void aFileWithTwoPayloadsIsRefusedInsteadOfSendingOnlyTheFirst() throws Exception {
    Path two = dir.resolve("two.json");
    String payload = Files.readString(Path.of("src/test/resources/golden/normal-repository.json"));
    Files.writeString(two, payload + "\n" + payload);
    Run run = push(Map.of("METRICS_WEBHOOK_URL", "http://127.0.0.1:9/"), two.toString());
    assertEquals(2, run.exit());
    assertTrue(
        run.err().contains("two.json") && run.err().contains("more than one JSON value"),
        run.err());
  }

  @Test
  void malformedJsonIsReportedWithItsPosition() throws Exception {
    Path bad = dir.resolve("broken.json");
    Files.writeString(bad, "{\n  \"a\": 1,\n  oops\n}");
    Run run = push(Map.of("METRICS_WEBHOOK_URL", "http://127.0.0.1:9/"), bad.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("broken.json") && run.err().contains("line 3"), run.err());
    assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  @Test
  void spoolNeedsToKnowWhichSpool() {
    Run run = push(Map.of("METRICS_WEBHOOK_URL", "http://127.0.0.1:9/"), "--spool");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("METRICS_SPOOL_DIR"), run.err());
  }

  @Test
  void withoutTargetsItSaysWhatIsMissing() throws Exception {
    Path payloads = writeRunPayloads();
    Run run = push(Map.of(), payloads.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("METRICS_WEBHOOK_URL"), run.err());
  }

  private static String readString(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
