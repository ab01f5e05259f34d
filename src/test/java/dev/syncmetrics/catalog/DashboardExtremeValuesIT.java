package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Any value the catalog stores renders without hanging the page: the largest and smallest doubles,
 * negatives, very long strings and many rows, in Debian's headless Chromium, in the tables, the
 * sparklines and the charts. (A duration of 1.797e308 used to hang Chromium's renderer in
 * Chart.js's axis.)
 */
class DashboardExtremeValuesIT {
  static final String[] VALUES = {
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "4.9e-324",
    "-1e-300",
    "1e15",
    "-5",
    "0",
    "123456789012345678901234567890"
  };
  static final int ROWS = 200;

  @TempDir Path dir;
  CatalogServer catalog;
  HeadlessChromium chromium;
  ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    catalog =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .build()
            .start();
    chromium = HeadlessChromium.start(dir);
    browser = chromium.driver();
    // a hung renderer shows as a script that never returns: fail after a minute, not never
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  /** Two history points per kind, every extreme value in every numeric column. */
  void write() {
    TestHttp http = new TestHttp(catalog.url());
    for (int point = 0; point < 2; point++) {
      ArrayNode kinds = TestHttp.JSON.createArrayNode();
      for (int i = 0; i < ROWS; i++) {
        String v = VALUES[(i + point) % VALUES.length];
        String w = VALUES[(i + point + 3) % VALUES.length];
        ObjectNode kind = kinds.addObject();
        kind.put("identifier", "kind-" + i);
        kind.put("title", i == 0 ? "t".repeat(1000) : "kind " + i + " \u202Eevil");
        ObjectNode p = kind.putObject("properties");
        p.set("resync_duration_seconds", number(v));
        p.set("extract_duration_seconds", number(w));
        p.set("raw_extracted", number(w));
        p.set("transformed", number(v));
        p.set("loaded", number(w));
        p.set("skipped", number(v));
        p.set("deleted", number(w));
        p.put("kind", "x".repeat(i == 1 ? 1000 : 3));
        p.put("kind_index", i);
        p.put("success", i % 2 == 0);
        kind.putObject("relations").put("integration", "y".repeat(i == 2 ? 1000 : 5));
      }
      post(http, "integration_kind_phase_metrics", kinds.toString());
      ArrayNode integrations = TestHttp.JSON.createArrayNode();
      for (int i = 0; i < VALUES.length; i++) {
        ObjectNode e = integrations.addObject();
        e.put("identifier", "integration-" + i);
        e.put("title", "z".repeat(i == 0 ? 1000 : 10));
        e.putObject("properties").set("last_resync_duration", number(VALUES[i]));
      }
      post(http, "integration", integrations.toString());
    }
  }

  static com.fasterxml.jackson.databind.JsonNode number(String literal) {
    try {
      return TestHttp.JSON.readTree(literal);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static void post(TestHttp http, String blueprint, String json) {
    TestHttp.Answer a =
        http.send(
            "POST",
            "/api/blueprints/" + blueprint + "/entities",
            "application/json",
            json.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, a.status(), a.body());
  }

  @Test
  void extremeNumbersLongStringsAndManyRowsRenderWithoutHanging() {
    write();
    long start = System.nanoTime();
    browser.get(catalog.url() + "?range=30d");
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    // the page still answers a script after drawing: the renderer is not stuck in a chart
    Object rows =
        ((JavascriptExecutor) browser)
            .executeScript("return document.querySelectorAll('#kinds tbody tr').length");
    String table = browser.findElement(By.id("integrations")).getText();
    String kinds = browser.findElement(By.id("kinds")).getText();
    System.out.printf(
        "dashboard with %d kinds of extreme values loaded in %.1f s%n",
        ROWS, (System.nanoTime() - start) / 1e9);

    assertEquals(50L, ((Number) rows).longValue(), "a page of the 200");
    assertTrue(
        browser.findElement(By.id("kinds-showing")).getText().startsWith("Showing 1–50 of 200"));
    assertTrue(table.contains("1.798e+308"), table);
    assertTrue(table.contains("-1.798e+308"), table);
    assertTrue(table.contains("4.941e-324"), table); // the smallest double, 4.9e-324
    assertTrue(kinds.contains("1.235e+29"), "a 30-digit count shown in exponent form");
    // a second refresh (every 5 s) completes too
    String first = browser.findElement(By.id("refreshed")).getText();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(d -> !first.equals(d.findElement(By.id("refreshed")).getText()));
  }

  /** The case: one kind whose duration is the largest double, from a webhook. */
  @Test
  void oneKindWithTheLargestDurationRendersWithoutHanging() {
    TestHttp http = new TestHttp(catalog.url());
    for (int run = 1; run <= 2; run++) {
      String body =
          dev.syncmetrics.testing.SamplePayloads.kind(
                  "max-" + run, "github", "max", "repository", 0)
              .counts(5, 4, 3)
              .duration(Double.MAX_VALUE)
              .json();
      TestHttp.Answer a = http.postJson("/webhook", body);
      assertEquals(200, a.status(), a.body());
    }
    browser.get(catalog.url());
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    String kinds = browser.findElement(By.id("kinds")).getText();
    assertTrue(kinds.contains("1.798e+308"), kinds);
    String first = browser.findElement(By.id("refreshed")).getText();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(d -> !first.equals(d.findElement(By.id("refreshed")).getText()));
  }
}
