package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.SamplePayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in Debian's headless Chromium: tables, charts, detail, and no script from data. */
class DashboardBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String TOKEN = "browser-token";

  @TempDir Path dir;
  CatalogServer catalog;
  ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed (scripts/test installs them)");
    catalog =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .apiToken(TOKEN)
            .build()
            .start();
    sync();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new ChromeDriver(options);
    browser.manage().window().setSize(new Dimension(1400, 1100));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  /** Three runs of two integrations, one failing, and an entity whose title is markup. */
  void sync() {
    TestHttp http = new TestHttp(catalog.url());
    String[][] kinds = {
      {"repository", "0", "120"}, {"pull-request", "1", "80"}, {"issue", "12", "40"}
    };
    for (int run = 1; run <= 3; run++) {
      for (String[] k : kinds) {
        int raw = Integer.parseInt(k[2]) + run;
        post(
            http,
            SamplePayloads.kind("gh-" + run, "github", "github-prod", k[0], Integer.parseInt(k[1]))
                .counts(raw, raw - 5, raw - 9)
                .duration(3.0 * run + k[0].length())
                .success(true)
                .json());
      }
      post(
          http,
          SamplePayloads.runtime("gh-" + run, "github", "github-prod")
              .duration(20 + run)
              .success(true)
              .json());
      post(
          http,
          SamplePayloads.kind("gl-" + run, "gitlab", "gitlab-eu", "merge-request", 3)
              .counts(80, 70, 60 + run)
              .duration(12 - run)
              .success(run != 3)
              .json());
      post(
          http,
          SamplePayloads.runtime("gl-" + run, "gitlab", "gitlab-eu")
              .duration(15)
              .success(run != 3)
              .json());
    }
    TestHttp.Answer xss =
        http.postJson(
            "/api/blueprints/integration_kind_metrics/entities",
            "{\"identifier\":\"xss-0\",\"title\":"
                + TestHttp.JSON.valueToTree(XSS)
                + ",\"properties\":{\"kind\":"
                + TestHttp.JSON.valueToTree(XSS)
                + ",\"raw_objects\":1,"
                + "\"last_completion_status\":\"SUCCESS\"},\"relations\":{\"integration\":"
                + TestHttp.JSON.valueToTree(XSS)
                + "}}",
            "Authorization",
            "Bearer " + TOKEN);
    assertEquals(200, xss.status(), xss.body());
  }

  private static void post(TestHttp http, String json) {
    TestHttp.Answer a = http.postJson("/webhook", json);
    assertEquals(200, a.status(), a.body());
  }

  private void loadDashboard() {
    browser.get(catalog.url());
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
  }

  private List<String> column(String table, int index) {
    return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
        .map(tr -> tr.findElements(By.tagName("td")).get(index).getText())
        .collect(Collectors.toList());
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  @Test
  void theTablesShowTheSyncedRowsAndTheChartsHaveData() throws Exception {
    loadDashboard();

    assertEquals(List.of("github-prod", "gitlab-eu"), column("integrations", 0));
    assertEquals(List.of("SUCCESS", "FAILED"), column("integrations", 2));
    assertEquals(
        "status failed",
        browser
            .findElement(By.cssSelector("#integrations tbody tr:nth-child(2) td:nth-child(3) span"))
            .getAttribute("class"));
    assertEquals(
        List.of("issue-12", "merge-request-3", "pull-request-1", "repository-0", XSS),
        column("kinds", 0));
    assertTrue(column("kinds", 2).contains("123"), column("kinds", 2).toString());

    assertEquals(
        5L,
        js(
            "return Chart.getChart(document.getElementById('durationChart'))"
                + ".data.datasets.length"));
    assertEquals(
        3L,
        js(
            "return Chart.getChart(document.getElementById('durationChart'))"
                + ".data.datasets[0].data.length"));
    assertEquals(
        3L,
        js(
            "return Chart.getChart(document.getElementById('countChart'))"
                + ".data.datasets.length"));
    assertEquals(
        5L,
        js("return Chart.getChart(document.getElementById('countChart'))" + ".data.labels.length"));
    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertEquals(List.of(), errors, "no script errors or refused content");

    saveScreenshot();
  }

  @Test
  void markupInAnEntityIsShownAsTextAndNeverRun() {
    loadDashboard();
    WebElement row =
        browser.findElements(By.cssSelector("#kinds tbody tr")).stream()
            .filter(tr -> tr.getAttribute("data-identifier").equals("xss-0"))
            .findFirst()
            .orElseThrow();

    assertEquals(XSS, row.findElements(By.tagName("td")).get(0).getText());
    assertEquals(XSS, row.findElements(By.tagName("td")).get(1).getText());
    row.click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("detail")).isDisplayed());

    assertEquals(XSS, browser.findElement(By.id("detailTitle")).getText());
    assertTrue(browser.findElement(By.id("detailJson")).getText().contains(XSS));
    assertEquals(List.of(), browser.findElements(By.tagName("img")));
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
  }

  @Test
  void clickingARowShowsTheEntityAndItsHistory() {
    loadDashboard();
    browser.findElement(By.cssSelector("#kinds tbody tr[data-identifier='repository-0']")).click();

    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 3);
    assertEquals("repository-0", browser.findElement(By.id("detailTitle")).getText());
    assertTrue(browser.findElement(By.id("detailJson")).getText().contains("\"raw_objects\": 123"));
  }

  private void saveScreenshot() throws Exception {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Files.createDirectories(Path.of("target")).resolve("dashboard.png");
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    // the README's picture is refreshed only on request: mvn verify
    // -Dsyncmetrics.updateScreenshot=true
    Path docs = Path.of("docs", "images");
    if (Boolean.getBoolean("syncmetrics.updateScreenshot") && Files.isDirectory(docs.getParent())) {
      Files.createDirectories(docs);
      Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
