package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard with 10,000 kinds (10 integrations of 1,000, two runs each) in Debian's headless
 * Chromium: paged and filtered by the catalog, one request for every kind's trend, "showing N of
 * M", and a page that keeps answering. Prints how long the first paint, the first data and each
 * refresh took (docs/performance.md quotes them); asserts behaviour only.
 */
class DashboardScaleIT {
  static final int INTEGRATIONS = 10;
  static final int KINDS_EACH = 1_000;
  static final String PHASE = "integration_kind_phase_metrics";
  static final String TOKEN = "scale-token";

  @TempDir Path dir;
  final FakeClock clock =
      new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1)));
  CatalogServer catalog;
  HeadlessChromium chromium;
  WebDriver browser;
  final List<String> figures = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    catalog =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .apiToken(TOKEN)
            .clock(clock)
            .build()
            .start();
    figures.add("load average at the start: " + loadAverage());
    long start = System.nanoTime();
    seed();
    figures.add(
        String.format(
            Locale.ROOT,
            "seeded %,d kinds x 2 runs through the entity API in %.1f s",
            INTEGRATIONS * KINDS_EACH,
            (System.nanoTime() - start) / 1e9));
    chromium = HeadlessChromium.start(dir);
    browser = chromium.driver();
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    figures.add("load average at the end: " + loadAverage());
    figures.forEach(f -> System.out.println("DashboardScaleIT: " + f));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "dashboard-scale.txt"), figures);
  }

  /**
   * Two runs of every kind, a minute apart, in batches of 1,000 entities (one transaction each).
   */
  void seed() {
    TestHttp http = new TestHttp(catalog.url());
    for (int run = 1; run <= 2; run++) {
      for (int i = 0; i < INTEGRATIONS; i++) {
        String integration = "type-integration-" + i;
        ArrayNode batch = TestHttp.JSON.createArrayNode();
        for (int k = 0; k < KINDS_EACH; k++) {
          ObjectNode e = batch.addObject();
          e.put("identifier", integration + "-kind-" + k);
          e.put("title", "integration-" + i + " kind-" + k);
          ObjectNode p = e.putObject("properties");
          boolean failed = k % 10 == 9;
          p.put("kind", "kind").put("kind_index", k).put("event_id", "run-" + run);
          p.put("sync_state", failed ? "failed" : "completed").put("success", !failed);
          p.put("raw_extracted", 1000 + k).put("transformed", 990).put("filtered_out", 5);
          p.put("transform_failed", 5).put("loaded", 900).put("skipped", 90).put("deleted", 1);
          p.put("load_failed", 0).put("resync_duration_seconds", 0.2 + run / 10.0);
          e.putObject("relations").put("integration", integration);
        }
        post(http, "/api/blueprints/" + PHASE + "/entities", batch.toString());
        post(
            http,
            "/api/blueprints/integration/entities",
            "{\"identifier\":\""
                + integration
                + "\",\"title\":\"integration-"
                + i
                + "\",\"properties\":{\"last_resync_completion_status\":\"SUCCESS\"}}");
      }
      clock.advance(Duration.ofMinutes(1));
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static void post(TestHttp http, String path, String json) {
    TestHttp.Answer a = http.postJson(path, json, "Authorization", "Bearer " + TOKEN);
    assertEquals(200, a.status(), a.body());
  }

  String showing() {
    return browser.findElement(By.id("kinds-showing")).getText();
  }

  void awaitShowing(String expected) {
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> showing().startsWith(expected));
  }

  long number(String script) {
    return ((Number) chromium.js(script)).longValue();
  }

  @Test
  void tenThousandKindsArePagedAndFilteredByTheCatalogAndThePageKeepsAnswering() {
    chromium.js("return 1"); // the driver is up
    long opened = System.nanoTime();
    chromium.open(catalog.url());
    long shown = System.nanoTime();

    assertEquals(
        "Showing 1–50 of 10,000 kinds", showing(), "the first page, and how many there are");
    assertEquals(50, browser.findElements(By.cssSelector("#kinds tbody tr")).size());
    assertEquals(
        "2",
        chromium.js("return document.querySelector('#kinds tbody tr canvas.spark').dataset.points"),
        "each kind's two runs, from the same answer");
    assertEquals(10, browser.findElements(By.cssSelector("#integrations tbody tr")).size());

    long paint =
        number(
            "const p = performance.getEntriesByName('first-contentful-paint');"
                + " return p.length ? Math.round(p[0].startTime) : -1;");
    long data =
        number("return Math.round(performance.getEntriesByName('dashboard-loaded')[0].startTime)");
    figures.add(
        String.format(
            Locale.ROOT,
            "first contentful paint %d ms, first data shown %d ms after navigation start"
                + " (driver round trip %.0f ms)",
            paint,
            data,
            (shown - opened) / 1e6));

    chromium.js(
        "window.longTasks = []; new PerformanceObserver(l => l.getEntries().forEach("
            + "e => window.longTasks.push(Math.round(e.duration) + ' ms at '"
            + " + Math.round(e.startTime))))"
            + ".observe({type: 'longtask', buffered: true});");

    // three refreshes: each asks for the integrations and one page of kinds, nothing per kind
    long refreshes = number("return Number(document.body.dataset.refreshes)");
    List<Long> refreshMs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      long wanted = refreshes + i;
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(d -> number("return Number(document.body.dataset.refreshes)") >= wanted);
      refreshMs.add(number("return Number(document.body.dataset.refreshMs)"));
    }
    long kindRequests =
        number(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/kinds')).length");
    long historyRequests =
        number(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/history')).length");
    long loadsSoFar = number("return Number(document.body.dataset.refreshes)");
    assertEquals(loadsSoFar, kindRequests, "one /api/kinds request per refresh");
    assertEquals(0, historyRequests, "no request per kind");
    String kindsApiMs =
        (String)
            chromium.js(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => e.name.includes('/api/kinds'))"
                    + ".map(e => Math.round(e.duration)).join(', ')");
    figures.add("refresh (integrations + a page of kinds, drawn) " + refreshMs + " ms");
    figures.add("GET /api/kinds as the browser timed it: " + kindsApiMs + " ms");

    // filters and pages answer while refreshes go on
    new Select(browser.findElement(By.id("filter-integration")))
        .selectByValue("type-integration-7");
    awaitShowing("Showing 1–50 of 1,000 kinds (10,000 in all)");
    long before = System.nanoTime();
    browser.findElement(By.id("kinds-next")).click();
    awaitShowing("Showing 51–100 of 1,000 kinds");
    figures.add(
        String.format(
            Locale.ROOT,
            "next page shown %.0f ms after the click",
            (System.nanoTime() - before) / 1e6));
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("FAILED");
    awaitShowing("Showing 1–50 of 100 kinds (10,000 in all)");
    assertTrue(browser.getCurrentUrl().contains("integration=type-integration-7&status=FAILED"));
    figures.add(
        "main-thread tasks over 50 ms (longtask API; ms after navigation start): "
            + chromium.js("return window.longTasks.join(', ')"));
  }
}
