package dev.syncmetrics.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.catalog.CatalogServer;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code syncmetrics catalog}'s options and errors (the running server is CatalogCrashIT's). */
class CatalogCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    Run r = run("catalog", "--help");

    assertEquals(0, r.exit());
    for (String option :
        new String[] {
          "--port=PORT",
          "--bind=ADDRESS",
          "--mappings=DIR",
          "--db=FILE|JDBC_URL",
          "--webhook-secret=SECRET",
          "--api-token=TOKEN",
          "--max-body-bytes=BYTES",
          "--signature-algorithm=ALGORITHM",
          "default 127.0.0.1",
          "default 8080",
          "default 1048576"
        }) {
      assertTrue(r.out().contains(option), option + " in\n" + r.out());
    }
  }

  @Test
  void problemsAreOneLineWithoutAStackTrace() {
    Run badMappings =
        run(
            "catalog",
            "--port",
            "0",
            "--mappings",
            dir.resolve("none").toString(),
            "--db",
            dir.resolve("c.db").toString());
    Run badAlgorithm =
        run(
            "catalog",
            "--port",
            "0",
            "--mappings",
            "mappings",
            "--db",
            dir.resolve("c.db").toString(),
            "--webhook-secret",
            "s",
            "--signature-algorithm",
            "md5");
    Run badDb = run("catalog", "--port", "0", "--mappings", "mappings", "--db", "jdbc:mysql://x/y");

    assertEquals(2, badMappings.exit());
    assertTrue(badMappings.err().startsWith("error: mappings do not load"), badMappings.err());
    assertEquals(1, badMappings.err().strip().lines().count(), badMappings.err());
    assertTrue(badAlgorithm.err().contains("syncmetrics, sha256, sha1, plain"), badAlgorithm.err());
    assertTrue(badDb.err().contains("jdbc:mysql"), badDb.err());
    assertTrue(!badDb.err().contains("\tat "), badDb.err());
  }

  @Test
  void secretsComeFromTheEnvironment() throws Exception {
    CatalogCommand command = new CatalogCommand();
    new CommandLine(command)
        .parseArgs("--port", "0", "--mappings", "mappings", "--db", dir.resolve("c.db").toString());
    command.env = Map.of("CATALOG_WEBHOOK_SECRET", "env-secret", "CATALOG_API_TOKEN", "env-token");
    try (CatalogServer server = command.build().start()) {
      String body = SamplePayloads.kind("run-1", "github", "env", "repository", 0).json();
      String entity = "{\"identifier\":\"a\"}";
      long now = Instant.now().getEpochSecond();
      String signature =
          IndependentHmac.timestamped(
              "env-secret".getBytes(StandardCharsets.UTF_8),
              now,
              body.getBytes(StandardCharsets.UTF_8));

      assertEquals(401, post(server, "/webhook", body));
      assertEquals(
          200,
          post(
              server,
              "/webhook",
              body,
              WebhookSignature.TIMESTAMP_HEADER,
              Long.toString(now),
              WebhookSignature.SIGNATURE_HEADER,
              signature));
      assertEquals(401, post(server, "/api/blueprints/integration/entities", entity));
      assertEquals(
          200,
          post(
              server,
              "/api/blueprints/integration/entities",
              entity,
              "Authorization",
              "Bearer env-token"));
    }
  }

  static int post(CatalogServer server, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient()
        .send(b.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
