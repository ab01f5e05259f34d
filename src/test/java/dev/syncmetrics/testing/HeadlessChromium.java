package dev.syncmetrics.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its own chromedriver (so Selenium Manager never runs and
 * nothing is downloaded), for the dashboard's browser tests.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.start(tempDir)) {
 *   chromium.open(catalog.url());          // waits until the page has loaded its data
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips the test (an assumption) when chromium or chromium-driver is not installed. */
  public static HeadlessChromium start(Path dir) throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed (scripts/test installs them)");
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
        "--hide-scrollbars",
        "--lang=en-US",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriver driver = new ChromeDriver(options);
    driver.manage().window().setSize(new Dimension(1280, 1000));
    return new HeadlessChromium(driver);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a URL and waits (at most 30 s) until the page has shown its data. */
  public void open(String url) {
    driver.get(url);
    awaitLoaded();
  }

  /**
   * Waits (at most 30 s) until the page at the current address has loaded its data once: the
   * dashboard marks its body with {@code data-loaded} and the address it loaded.
   */
  public void awaitLoaded() {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        "return document.body.dataset.loaded === 'true' &&"
                            + " document.body.dataset.page === location.pathname +"
                            + " location.search;")));
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Browser console messages at SEVERE (script errors, refused content) since the last call. */
  public List<LogEntry> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .toList();
  }

  /**
   * The whole page, not only the window, as PNG: through the DevTools protocol, since a headless
   * window is no taller than its virtual screen.
   */
  public void screenshot(Path png) throws IOException {
    long width = ((Number) js("return document.documentElement.clientWidth")).longValue();
    long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
  }

  public void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
