package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.HeadlessChromium;
import dev.syncmetrics.testing.SamplePayloads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the dashboard in Debian's headless Chromium, over payloads posted as a live
 * reporter sends them: three integrations (one that succeeded three times, one whose last run was
 * aborted, one syncing now), runs three days, two hours and ten minutes ago, and entities whose
 * strings are markup.
 */
class DashboardBrowserIT {
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String TOKEN = "browser-token";
  static final String PHASE = "integration_kind_phase_metrics";
  static final String GH = "github-github-prod";
  static final String GL = "gitlab-gitlab-eu";
  static final String JIRA = "jira-jira-cloud";

  @TempDir Path dir;

  /** The catalog's clock: it stamps the history, and the ranges count back from it. */
  final FakeClock clock =
      new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(3)));

  CatalogServer catalog;
  HeadlessChromium chromium;
  WebDriver browser;

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
    sync();
    chromium = HeadlessChromium.start(dir);
    browser = chromium.driver();
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

  void sync() {
    TestHttp http = new TestHttp(catalog.url());
    LiveFixture live = new LiveFixture(http);
    markup(http); // three days ago, so it has no history in the last day
    Duration[] gaps = {Duration.ZERO, Duration.ofDays(3).minusHours(2), Duration.ofMinutes(110)};
    for (int run = 1; run <= 3; run++) {
      clock.advance(gaps[run - 1]);
      String gh = "gh-" + run;
      live.post(runtime(gh, "github", "github-prod", "syncing", false, 0));
      String[][] kinds = {{"repository", "0"}, {"pull-request", "1"}, {"issue", "12"}};
      for (String[] k : kinds) {
        live.post(
            SamplePayloads.kind(gh, "github", "github-prod", k[0], Integer.parseInt(k[1]))
                .syncState("completed")
                .success(true)
                .counts(1568 + run, 1443, 181)
                .breakdown(77, 48, 2, 1260, 4)
                .phaseSeconds(0.11, 0.2, 0.09)
                .duration(0.4 + run / 100.0));
      }
      live.post(runtime(gh, "github", "github-prod", "completed", true, 2.5 + run));

      String gl = "gl-" + run;
      boolean last = run == 3;
      live.post(runtime(gl, "gitlab", "gitlab-eu", "syncing", false, 0));
      live.post(
          SamplePayloads.kind(gl, "gitlab", "gitlab-eu", "merge-request", 3)
              .syncState(last ? "failed" : "completed")
              .success(!last)
              .counts(80, 70, 60)
              .breakdown(0, 10, 5, 0, 0)
              .duration(12 - run));
      live.post(
          SamplePayloads.kind(gl, "gitlab", "gitlab-eu", "pipeline", 4)
              .syncState(last ? "aborted" : "completed")
              .success(!last)
              .counts(9, 9, 9)
              .duration(1.5));
      live.post(
          runtime(gl, "gitlab", "gitlab-eu", last ? "aborted" : "completed", !last, 14.5 - run));
    }
    // a run under way: one kind of two done
    live.post(runtime("jira-1", "jira", "jira-cloud", "completed", true, 30));
    live.post(SamplePayloads.kind("jira-1", "jira", "jira-cloud", "epic", 0).counts(5, 5, 5));
    live.post(SamplePayloads.kind("jira-1", "jira", "jira-cloud", "story", 1).counts(7, 7, 7));
    clock.advance(Duration.ofMinutes(5));
    live.post(runtime("jira-2", "jira", "jira-cloud", "syncing", false, 0));
    live.post(SamplePayloads.kind("jira-2", "jira", "jira-cloud", "epic", 0).counts(5, 5, 5));
    clock.advance(Duration.ofSeconds(12));
  }

  static SamplePayloads runtime(
      String event, String type, String id, String state, boolean success, double seconds) {
    return SamplePayloads.runtime(event, type, id)
        .syncState(state)
        .success(success)
        .duration(seconds);
  }

  /** A kind and an integration whose strings are markup, written through the entity API. */
  static void markup(TestHttp http) {
    String xss = TestHttp.JSON.valueToTree(XSS).toString();
    TestHttp.Answer kind =
        http.postJson(
            "/api/blueprints/" + PHASE + "/entities",
            "{\"identifier\":\"xss-0\",\"title\":"
                + xss
                + ",\"properties\":{\"kind\":"
                + xss
                + ",\"raw_extracted\":1,\"success\":true,\"sync_state\":"
                + xss
                + "},\"relations\":{\"integration\":"
                + xss
                + "}}",
            "Authorization",
            "Bearer " + TOKEN);
    assertEquals(200, kind.status(), kind.body());
  }

  // ---------------------------------------------------------------------------------------------

  <T> T await(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
    Object[] last = new Object[1];
    try {
      return new WebDriverWait(browser, Duration.ofSeconds(20))
          .until(
              d -> {
                T v = value.get();
                last[0] = v;
                return done.test(v) ? v : null;
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(what + "; last seen: " + last[0], e);
    }
  }

  /**
   * Reads tables in one script call each: the page rebuilds them every 5 s, so an element found in
   * one call may be gone by the next.
   */
  static final String TABLES =
      "function index(p, h) {"
          + " const hs = [...document.querySelectorAll('#' + p + ' thead th')]"
          + ".map(th => th.innerText.trim().toLowerCase());"
          + " const i = hs.indexOf(h.toLowerCase());"
          + " if (i < 0) { throw new Error('no column ' + h + ' in #' + p + ': ' + hs); }"
          + " return i; }"
          + "function text(td) { return td.innerText.replace(/\\s+/g, ' ').trim(); }"
          + "function rows(p) { return [...document.querySelectorAll('#' + p + ' tbody tr')]; }"
          + "function row(p, id) { const tr = rows(p).find(r => r.dataset.identifier === id);"
          + " if (!tr) { throw new Error('no row ' + id + ' in #' + p); } return tr; }";

  @SuppressWarnings("unchecked")
  List<String> column(String panel, String header) {
    return (List<String>)
        chromium.js(
            TABLES
                + "const i = index(arguments[0], arguments[1]);"
                + " return rows(arguments[0]).map(tr => text(tr.cells[i]));",
            panel,
            header);
  }

  String cell(String panel, String identifier, String header) {
    return (String)
        chromium.js(
            TABLES
                + "return text(row(arguments[0], arguments[1]).cells[index(arguments[0],"
                + " arguments[2])]);",
            panel,
            identifier,
            header);
  }

  String sparkPoints(String identifier) {
    return (String)
        chromium.js(
            TABLES
                + "return row('kinds', arguments[0]).querySelector('canvas.spark').dataset.points;",
            identifier);
  }

  /** Clicks the first link of a table's row, again if the table was rebuilt under the click. */
  void clickRow(String panel, String identifier) {
    click(By.cssSelector("#" + panel + " tbody tr[data-identifier='" + identifier + "'] a"));
  }

  void click(By link) {
    for (int attempt = 1; ; attempt++) {
      try {
        browser.findElement(link).click();
        break;
      } catch (org.openqa.selenium.StaleElementReferenceException rebuilt) {
        if (attempt == 5) {
          throw rebuilt;
        }
      }
    }
    chromium.awaitLoaded();
  }

  String state(String panel) {
    return browser.findElement(By.id(panel)).getAttribute("data-state");
  }

  String path() {
    return browser.getCurrentUrl().substring(catalog.url().length() - 1);
  }

  long chartPoints(String canvas, int dataset) {
    return ((Number)
            chromium.js(
                "const c = Chart.getChart(document.getElementById(arguments[0]));"
                    + " return c ? c.data.datasets[arguments[1]].data.length : -1;",
                canvas,
                dataset))
        .longValue();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void theOverviewShowsEachIntegrationsStateAndEveryCountOfEachKind() {
    chromium.open(catalog.url());

    assertEquals("ready", state("integrations"));
    assertEquals("✓ SUCCESS", cell("integrations", GH, "Status"));
    assertEquals("⊘ ABORTED", cell("integrations", GL, "Status"));
    assertEquals(
        "⟳ SYNCING 1/2 kinds · 12 s",
        cell("integrations", JIRA, "Status"),
        "a run under way: kinds done of kinds seen, and the time so far");
    assertEquals("5.5 s", cell("integrations", GH, "Last run took"));

    String issue = GH + "-issue-12";
    assertEquals("issue-12", cell("kinds", issue, "Kind"));
    assertEquals("1,571", cell("kinds", issue, "Raw"));
    assertEquals("77", cell("kinds", issue, "Filtered"));
    assertEquals("1,260", cell("kinds", issue, "Skipped"), "the skipped records are shown");
    assertEquals("50", cell("kinds", issue, "Failed"), "48 in transform + 2 in load");
    assertEquals("4", cell("kinds", issue, "Deleted"));
    assertEquals("0.43 s", cell("kinds", issue, "Duration"), "under a second, not 0");
    assertEquals("✗ FAILED", cell("kinds", GL + "-merge-request-3", "Status"));
    assertEquals("⊘ ABORTED", cell("kinds", GL + "-pipeline-4", "Status"));
    assertEquals("2", sparkPoints(issue), "two runs in the last 24 hours");
    assertTrue(
        browser.findElement(By.id("kinds-showing")).getText().startsWith("Showing 1–8 of 8 kinds"),
        browser.findElement(By.id("kinds-showing")).getText());

    assertEquals(
        8L,
        chromium.js(
            "return Chart.getChart(document.getElementById('recordChart')).data.labels.length"));
    assertEquals(
        List.of(181L, 1260L, 2L, 48L, 77L),
        chromium.js(
            "const c = Chart.getChart(document.getElementById('recordChart'));"
                + " const i = c.data.labels.indexOf('github-github-prod / issue-12');"
                + " return c.data.datasets.map(d => d.data[i]);"),
        "loaded, skipped, failed in load, failed in transform, filtered: they add up to raw");
    assertEquals(List.of(), chromium.errors(), "no script errors or refused content");
  }

  @Test
  void linksLeadToAnIntegrationAKindAndAnEntityAndBackAndForwardWork() {
    chromium.open(catalog.url());

    clickRow("integrations", GH);
    assertEquals("/integrations/" + GH, path());
    assertEquals("ready", state("runs"));
    assertEquals(List.of("✓ SUCCESS", "✓ SUCCESS"), column("runs", "Status"), "two in 24 h");
    assertEquals(List.of("3", "3"), column("runs", "Kinds OK"));
    assertEquals(List.of("5.5 s", "4.5 s"), column("runs", "Duration"), "newest first");

    clickRow("kinds", GH + "-issue-12");
    assertEquals("/kinds/" + PHASE + "/" + GH + "-issue-12", path());
    assertEquals(2, browser.findElements(By.cssSelector("#kind-runs tbody tr")).size());
    assertEquals("ready", state("kind-counts"));

    click(By.cssSelector("#kind-summary a[href^='/entities/']"));
    assertEquals("/entities/" + PHASE + "/" + GH + "-issue-12", path());
    assertEquals("1,260", cell("entity-properties", "skipped", "Value"));
    assertEquals("0.43", cell("entity-properties", "resync_duration_seconds", "Value"));
    clickRow("entity-relations", "integration");
    assertEquals("/entities/integration/" + GH, path());

    browser.navigate().back();
    chromium.awaitLoaded();
    assertEquals("/entities/" + PHASE + "/" + GH + "-issue-12", path());
    browser.navigate().back();
    chromium.awaitLoaded();
    browser.navigate().back();
    chromium.awaitLoaded();
    assertEquals("/integrations/" + GH, path());
    browser.navigate().back();
    chromium.awaitLoaded();
    assertEquals("/", path());
    assertEquals("ready", state("integrations"));
    browser.navigate().forward();
    chromium.awaitLoaded();
    assertEquals("/integrations/" + GH, path());
    assertEquals(2, column("runs", "Status").size());
  }

  @Test
  void theTimeRangeChangesWhatTheChartsShowAndGoesIntoTheUrl() {
    chromium.open(catalog.url() + "kinds/" + PHASE + "/" + GH + "-issue-12");
    assertEquals(2L, chartPoints("kindCountChart", 0), "24 h: two runs");

    browser.findElement(By.cssSelector("#range button[data-range='30d']")).click();
    await(() -> chartPoints("kindCountChart", 0), n -> n == 3, "30 days: three runs");
    assertTrue(path().endsWith("?range=30d"), path());
    assertEquals(3, browser.findElements(By.cssSelector("#kind-runs tbody tr")).size());

    browser.findElement(By.cssSelector("#range button[data-range='1h']")).click();
    await(() -> chartPoints("kindCountChart", 0), n -> n == 1, "the last hour: one run");
    assertEquals(
        "true",
        browser
            .findElement(By.cssSelector("#range button[data-range='1h']"))
            .getAttribute("aria-pressed"));

    // the range is kept by links and on the overview's charts
    click(By.linkText("Overview"));
    assertEquals("/?range=1h", path());
    int issue = datasetIndex("durationChart", "github-github-prod / issue-12");
    assertEquals(1L, chartPoints("durationChart", issue));
    browser.findElement(By.cssSelector("#range button[data-range='7d']")).click();
    await(() -> chartPoints("durationChart", issue), n -> n == 3, "a week: three runs");
  }

  int datasetIndex(String canvas, String label) {
    return ((Number)
            chromium.js(
                "return Chart.getChart(document.getElementById(arguments[0]))"
                    + ".data.datasets.findIndex(d => d.label === arguments[1]);",
                canvas,
                label))
        .intValue();
  }

  @Test
  void filtersGoIntoTheUrlAndSurviveAReload() {
    chromium.open(catalog.url());
    new Select(browser.findElement(By.id("filter-integration"))).selectByValue(GL);
    await(() -> column("kinds", "Kind"), k -> k.size() == 2, "gitlab's two kinds");
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("ABORTED");
    await(() -> column("kinds", "Kind"), k -> k.equals(List.of("pipeline-4")), "the aborted one");
    assertEquals("/?integration=" + GL + "&status=ABORTED", path());

    browser.navigate().refresh();
    chromium.awaitLoaded();
    assertEquals(List.of("pipeline-4"), column("kinds", "Kind"));
    assertEquals(
        "ABORTED",
        new Select(browser.findElement(By.id("filter-status")))
            .getFirstSelectedOption()
            .getAttribute("value"));
    assertEquals(
        "Showing 1–1 of 1 kind (8 in all)", browser.findElement(By.id("kinds-showing")).getText());

    chromium.open(catalog.url());
    browser.findElement(By.id("filter-text")).sendKeys("request");
    await(() -> path(), p -> p.equals("/?q=request"), "the text in the URL");
    await(
        () -> column("kinds", "Kind"),
        k -> k.equals(List.of("pull-request-1", "merge-request-3")),
        "kinds with 'request'");
    browser.navigate().refresh();
    chromium.awaitLoaded();
    assertEquals("request", browser.findElement(By.id("filter-text")).getAttribute("value"));
    assertEquals(2, column("kinds", "Kind").size());
  }

  @Test
  void markupInAnEntityIsShownAsTextAndNeverRun() {
    chromium.open(catalog.url() + "?range=30d");
    assertEquals("xss-0", cell("kinds", "xss-0", "Kind"));
    assertEquals(XSS, cell("kinds", "xss-0", "Integration"));
    assertTrue(
        browser.findElement(By.id("integrations")).getText().contains(XSS), "its integration too");

    clickRow("kinds", "xss-0");
    assertTrue(browser.findElement(By.id("kind-summary")).getText().contains(XSS));
    click(By.cssSelector("#kind-summary a[href^='/entities/']"));
    assertEquals(XSS, browser.findElement(By.cssSelector("#entity h2")).getText());
    assertEquals(XSS, cell("entity-properties", "kind", "Value"));
    assertEquals(XSS, cell("entity-relations", "integration", "Entity"));

    assertEquals(List.of(), browser.findElements(By.tagName("img")));
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
  }

  @Test
  void everyPanelSaysWhenItIsEmptyAndWhenItCannotLoad() {
    chromium.open(catalog.url() + "entities/" + PHASE + "/xss-0?range=1h");
    assertEquals("empty", state("entity-history"), "its only point is three days old");
    assertTrue(browser.findElement(By.cssSelector("#entity-history .panel-note")).isDisplayed());
    assertEquals("ready", state("entity-properties"));

    chromium.open(catalog.url() + "kinds/" + PHASE + "/no-such-kind");
    for (String panel : List.of("kind-summary", "kind-counts", "kind-durations", "kind-runs")) {
      assertEquals("error", state(panel), panel);
    }
    assertTrue(
        browser
            .findElement(By.cssSelector("#kind-summary .panel-note"))
            .getText()
            .contains("no kind no-such-kind"),
        browser.findElement(By.cssSelector("#kind-summary .panel-note")).getText());

    chromium.open(catalog.url());
    catalog.close();
    await(() -> state("integrations"), s -> s.equals("error"), "the catalog went away");
    assertEquals("error", state("kinds"));
    assertTrue(browser.findElement(By.id("problem")).isDisplayed());
    assertTrue(
        browser
            .findElement(By.cssSelector("#integrations .panel-note"))
            .getText()
            .contains("cannot be reached"));
    assertEquals(4, column("integrations", "Status").size(), "what was shown stays");
  }

  @Test
  void everyPageFitsAPhoneAndA1280PixelWindow() {
    String[] pages = {
      "",
      "integrations/" + GH,
      "kinds/" + PHASE + "/" + GH + "-issue-12",
      "entities/" + PHASE + "/" + GH + "-issue-12"
    };
    for (int width : new int[] {1280, 390}) {
      chromium.size(width, 900);
      for (String page : pages) {
        chromium.open(catalog.url() + page);
        long scroll =
            ((Number) chromium.js("return document.documentElement.scrollWidth")).longValue();
        long inner = ((Number) chromium.js("return window.innerWidth")).longValue();
        assertTrue(scroll <= inner, width + " px, /" + page + ": page is " + scroll + " px wide");
      }
    }
  }
}
