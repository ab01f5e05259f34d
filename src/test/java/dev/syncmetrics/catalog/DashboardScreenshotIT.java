package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.testing.FreePort;
import dev.syncmetrics.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The README's pictures, from the demo's own data: runs {@code syncmetrics.jar demo --interval 5s}
 * as a user would, lets it sync a few times, then photographs the overview and the sample
 * integration's page while a run is under way (once the reporter reports live: a {@code syncing}
 * {@code __runtime__} has reached the catalog). Pictures go to {@code target/screenshots/}, and to
 * {@code docs/images/} with {@code -Dsyncmetrics.updateScreenshots=true} ({@code
 * scripts/screenshots}).
 */
class DashboardScreenshotIT {
  static final String INTEGRATION = "sample-demo";
  static final Duration DEADLINE = Duration.ofMinutes(4);

  @TempDir Path dir;
  Process demo;
  HeadlessChromium chromium;

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (demo != null) {
      demo.destroy();
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
  }

  Process startDemo(int port) throws Exception {
    String jar = System.getProperty("syncmetrics.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "no jar at " + jar);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-jar",
            Path.of(jar).toAbsolutePath().toString(),
            "demo",
            "--interval",
            "5s",
            "--port",
            Integer.toString(port),
            "--no-pushgateway",
            "--data-dir",
            dir.resolve("demo-data").toString()));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("demo.out").toFile())
        .start();
  }

  JsonNode runs(TestHttp http) {
    TestHttp.Answer a = http.get("/api/integrations/" + INTEGRATION + "/runs?range=1h");
    return a.status() == 200 ? a.json().get("runs") : null;
  }

  @Test
  void theOverviewAndTheSampleIntegrationDuringALiveRunOfTheDemo() throws Exception {
    int port = FreePort.find();
    demo = startDemo(port);
    String url = "http://127.0.0.1:" + port + "/";
    TestHttp http = new TestHttp(url);
    long deadline = System.nanoTime() + DEADLINE.toNanos();

    // three finished runs, so the charts have lines
    JsonNode runs = null;
    while (runs == null || finished(runs) < 3) {
      if (System.nanoTime() > deadline || !demo.isAlive()) {
        fail("the demo did not finish three runs:\n" + Files.readString(dir.resolve("demo.out")));
      }
      runs = quietly(() -> runs(http));
      pause();
    }
    boolean live = hasSyncingPoint(http);

    chromium = HeadlessChromium.start(dir);
    chromium.size(1280, 900);
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    List<Path> taken = new ArrayList<>();
    for (String[] page :
        new String[][] {
          {"dashboard.png", url + "?range=1h", "integrations"},
          {
            "integration.png",
            url + "integrations/" + INTEGRATION + "?range=1h",
            "integration-summary"
          }
        }) {
      while (true) {
        if (System.nanoTime() > deadline) {
          fail("no run under way was caught on " + page[1]);
        }
        if (live && !syncing(http)) {
          pause();
          continue;
        }
        chromium.open(page[1]);
        String status = chromium.driver().findElement(By.id(page[2])).getText();
        assertTrue(status.contains("demo"), status);
        if (!live || status.contains("SYNCING")) {
          break;
        }
      }
      Path target = shots.resolve(page[0]);
      chromium.screenshot(target);
      taken.add(target);
    }
    assertEquals(List.of(), chromium.errors(), "no script errors or refused content");
    System.out.println(
        "DashboardScreenshotIT: "
            + taken
            + (live
                ? " during a run under way"
                : " between runs (the reporter does not report live)"));

    if (Boolean.getBoolean("syncmetrics.updateScreenshots")) {
      Path docs = Path.of("docs", "images");
      assertTrue(Files.isDirectory(docs), "run from the project's directory");
      for (Path p : taken) {
        Files.copy(p, docs.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static int finished(JsonNode runs) {
    int n = 0;
    for (JsonNode r : runs) {
      n += r.get("durationSeconds").isNumber() ? 1 : 0;
    }
    return n;
  }

  /**
   * True once the catalog has stored a {@code syncing} {@code __runtime__}: the reporter is live.
   */
  static boolean hasSyncingPoint(TestHttp http) {
    TestHttp.Answer a =
        http.get(
            "/api/blueprints/integration_kind_phase_metrics/entities/"
                + INTEGRATION
                + "-__runtime__/history?limit=50");
    if (a.status() != 200) {
      return false;
    }
    for (JsonNode p : a.json().get("history")) {
      if ("syncing".equals(p.at("/properties/sync_state").asText())) {
        return true;
      }
    }
    return false;
  }

  static boolean syncing(TestHttp http) {
    JsonNode i = quietly(() -> http.get("/api/integrations/" + INTEGRATION).json());
    return i != null && i.get("status").asText().equals("SYNCING");
  }

  static <T> T quietly(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException notYet) {
      return null; // the demo's catalog is not up yet
    }
  }

  /** Polling pace: the demo's runs take seconds. */
  static void pause() throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(200);
  }
}
