package dev.syncmetrics.internal.demo;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.catalog.CatalogService;
import dev.syncmetrics.internal.catalog.CatalogSettings;
import dev.syncmetrics.sample.CatalogClient;
import dev.syncmetrics.sample.SampleIntegration;
import dev.syncmetrics.sample.SampleKind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The demo: the catalog in-process on SQLite, Debian's Pushgateway as a child process when it is
 * installed, and the sample integration syncing into the catalog with its reporter pointed at both,
 * run after run until stopped.
 *
 * <pre>{@code
 * Demo demo = new Demo(DemoSettings.builder().dataDir(Path.of("demo-data")).once(true).build());
 * int exit = demo.run();   // 0 when the run completed and its metrics were delivered
 * }</pre>
 */
public final class Demo {
  /** Who the sample reports as: {@code integration_type} and {@code integration_identifier}. */
  public static final String INTEGRATION_TYPE = "sample";

  public static final String INTEGRATION_IDENTIFIER = "demo";

  private final DemoSettings settings;
  private final PrintStream out;
  private final CountDownLatch stop = new CountDownLatch(1);

  public Demo(DemoSettings settings) {
    this.settings = requireNonNull(settings, "settings must not be null");
    this.out = settings.out();
  }

  /** Asks a running demo to stop after the sync under way; {@link #run()} then returns. */
  public void stop() {
    stop.countDown();
  }

  /**
   * Runs the demo until {@link #stop()} (or after one sync with {@code once}).
   *
   * @return 0 when every run completed and was delivered (with {@code once}: the one run), else 1
   * @throws IOException when the data directory, the catalog or the run counter cannot be set up
   */
  public int run() throws IOException {
    Path dataDir = settings.dataDir();
    Files.createDirectories(dataDir);
    RunCounter runs = new RunCounter(dataDir);
    runs.last(); // a broken counter file fails now, not after the servers started
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    CatalogService catalog = startCatalog(secret);
    PushgatewayChild pushgateway = null;
    SyncReporter reporter = null;
    OkHttpClient http = null;
    try {
      String pushgatewayUrl = settings.pushgatewayUrl();
      if (pushgatewayUrl != null) {
        out.println("Pushgateway: " + pushgatewayUrl + "/metrics (given with --pushgateway-url)");
      } else {
        pushgateway = startPushgateway().orElse(null);
        pushgatewayUrl = pushgateway == null ? null : pushgateway.url();
      }
      reporter = reporter(catalog, pushgatewayUrl, secret);
      http =
          new OkHttpClient.Builder()
              .connectTimeout(Duration.ofSeconds(5))
              .readTimeout(Duration.ofSeconds(60))
              .build();
      ProgressView view = new ProgressView(out, settings.live());
      SampleIntegration sample =
          SampleIntegration.builder()
              .reporter(reporter)
              .target(new CatalogClient(catalog.url(), http))
              .listener(view)
              .build();
      int exit = 0;
      while (true) {
        int run = runs.next();
        out.println();
        out.println(
            "Run "
                + run
                + ": syncing "
                + SampleKind.ALL.size()
                + " kinds from the bundled sample data into the catalog");
        view.begin(SampleKind.ALL);
        ReportResult result = sample.sync(run);
        boolean ok = summary(run, result, catalog, pushgatewayUrl);
        exit = ok ? exit : 1;
        if (settings.once() || stopRequested(settings.interval())) {
          return exit;
        }
      }
    } finally {
      if (reporter != null) {
        reporter.close();
      }
      if (http != null) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
      if (pushgateway != null) {
        pushgateway.close();
      }
      catalog.close();
    }
  }

  private boolean stopRequested(Duration interval) {
    if (stop.getCount() == 0) {
      return true;
    }
    out.println("Next run in " + interval.toSeconds() + " s (Ctrl-C to stop).");
    try {
      return stop.await(interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private CatalogService startCatalog(String secret) throws IOException {
    Path db = settings.dataDir().resolve("catalog.db");
    int port = settings.port() == null ? DemoSettings.DEFAULT_PORT : settings.port();
    CatalogService catalog = buildCatalog(port, secret, db);
    try {
      catalog.start();
    } catch (BindException e) {
      if (settings.port() != null) {
        throw new IOException(
            "cannot listen on 127.0.0.1:"
                + port
                + " ("
                + e.getMessage()
                + "); choose another --port");
      }
      catalog = buildCatalog(0, secret, db);
      catalog.start();
      out.println(
          "Port " + port + " is busy; the catalog listens on port " + catalog.port() + " instead.");
    }
    out.println(
        "Catalog:     "
            + catalog.url()
            + " (SQLite "
            + db
            + ", mappings from "
            + settings.mappingsSource()
            + ")");
    return catalog;
  }

  private CatalogService buildCatalog(int port, String secret, Path db) {
    return new CatalogService(
        CatalogSettings.builder()
            .port(port)
            .mappings(settings.mappings())
            .database(db.toString(), null, null)
            .webhookSecret(secret)
            .build());
  }

  private Optional<PushgatewayChild> startPushgateway() {
    if (!settings.pushgateway()) {
      out.println("Pushgateway: off (--no-pushgateway)");
      return Optional.empty();
    }
    Optional<Path> binary = PushgatewayChild.find(settings.pushgatewayBinary(), settings.path());
    if (binary.isEmpty()) {
      out.println(
          "Pushgateway: "
              + settings.pushgatewayBinary()
              + " is not installed, so the"
              + " demo goes on without it. To see the Pushgateway side, install it with"
              + " 'sudo apt-get install prometheus-pushgateway' and run the demo again.");
      return Optional.empty();
    }
    Path log = settings.dataDir().resolve("pushgateway.log");
    try {
      PushgatewayChild child =
          PushgatewayChild.start(binary.get(), settings.pushgatewayPort(), log);
      out.println("Pushgateway: " + child.url() + "/metrics (" + binary.get() + ", memory only)");
      return Optional.of(child);
    } catch (IOException e) {
      out.println("Pushgateway: could not start (" + e.getMessage() + "); going on without it.");
      return Optional.empty();
    }
  }

  private SyncReporter reporter(CatalogService catalog, String pushgatewayUrl, String secret) {
    SyncMetricsConfig.Builder b =
        SyncMetricsConfig.builder()
            .enabled(true)
            .integration(INTEGRATION_TYPE, INTEGRATION_IDENTIFIER, Version.VERSION)
            .webhookUrl(catalog.url() + "webhook")
            .webhookSecret(secret)
            .spoolDir(settings.dataDir().resolve("spool"))
            .timeout(Duration.ofSeconds(30));
    if (pushgatewayUrl != null) {
      b.pushgatewayUrl(pushgatewayUrl);
    }
    return SyncReporter.builder(b.build()).build();
  }

  /** Prints the run's table, where its metrics went and the URLs; true when all went well. */
  private boolean summary(
      int run, ReportResult result, CatalogService catalog, String pushgatewayUrl) {
    boolean completed = "completed".equals(result.state());
    out.println();
    out.printf(Locale.ROOT, "Run %d %s (event %s):%n", run, result.state(), result.eventId());
    if (!result.kinds().isEmpty()) {
      out.println(SummaryTable.render(result.kinds()));
    }
    for (ReportResult.TargetResult t : result.targets()) {
      out.println(
          "  metrics to "
              + t.target()
              + ": "
              + (t.ok() ? "delivered (" + t.delivered() + ")" : "NOT delivered " + t));
    }
    out.println("Dashboard:   " + catalog.url());
    out.println(
        "Pushgateway: " + (pushgatewayUrl == null ? "not running" : pushgatewayUrl + "/metrics"));
    out.flush();
    return completed && result.allDelivered();
  }
}
