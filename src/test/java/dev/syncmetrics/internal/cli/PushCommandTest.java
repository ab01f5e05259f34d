package dev.syncmetrics.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Payload;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path payloads = Files.createDirectories(dir.resolve("payloads"));
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder().enabled(true).integration("github", "gh", "1").build())
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
