package dev.syncmetrics;

import dev.syncmetrics.payload.PayloadWriter;
import dev.syncmetrics.push.Delivery;
import dev.syncmetrics.push.PushState;
import dev.syncmetrics.push.PushgatewaySink;
import dev.syncmetrics.push.WebhookSink;
import dev.syncmetrics.spool.FileSpool;
import dev.syncmetrics.spool.Spool;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Reports the syncs of one integration: hands out {@link SyncRun}s to record into, and at the end
 * of each run delivers one payload per kind (plus {@code __runtime__}) to the webhook and the run's
 * metrics to the Pushgateway, within {@link SyncMetricsConfig#timeout()}.
 *
 * <pre>{@code
 * SyncReporter reporter = SyncReporter.fromEnvironment();   // METRICS_ENABLED, METRICS_WEBHOOK_URL, ...
 * try (SyncRun run = reporter.startRun()) {
 *   KindRecorder repos = run.kind("repository", 0);
 *   try (PhaseTimer t = repos.time(Phase.EXTRACT)) { repos.extracted(120); }
 *   ...
 *   run.finish();
 * }
 * }</pre>
 *
 * <p>Share one reporter per integration and close it at shutdown. When metrics are disabled it is a
 * no-op that costs next to nothing. Reporting never throws and never outlasts its timeout.
 */
public final class SyncReporter implements AutoCloseable {
  /** This library's version, sent as {@code reporter_version}. */
  public static final String VERSION = "0.1.0";

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final SyncMetricsConfig config;
  private final Clock clock;
  private final LongSupplier heapProbe;
  private final PayloadWriter writer = new PayloadWriter(VERSION);
  private final Delivery delivery;
  private final ExecutorService executor;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Spool spool;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SyncReporter(Builder b, SyncMetricsConfig config) {
    this.config = config;
    this.clock = b.clock;
    this.heapProbe = b.heapProbe;
    if (!config.enabled()) {
      this.delivery = null;
      this.executor = null;
      this.http = null;
      this.ownsHttp = false;
      this.spool = null;
      return;
    }
    int concurrency = config.webhookConcurrency();
    this.executor =
        new ThreadPoolExecutor(
            0,
            concurrency + 8,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "syncmetrics-delivery-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.ownsHttp = b.httpClient == null;
    this.http = ownsHttp ? defaultClient(concurrency) : b.httpClient;
    this.spool =
        b.spool != null
            ? b.spool
            : new FileSpool(config.spoolDir(), config.spoolMaxFiles(), config.spoolMaxBytes());
    WebhookSink webhook =
        config.webhookUrl() == null
            ? null
            : new WebhookSink(
                config.webhookUrl(),
                config.webhookSecret(),
                http,
                config.maxAttempts(),
                clock::nanoTime);
    PushgatewaySink pushgateway =
        config.pushgatewayUrl() == null
            ? null
            : new PushgatewaySink(
                config.pushgatewayUrl(),
                config.job(),
                config.pushgatewayUsername(),
                config.pushgatewayPassword(),
                http);
    this.delivery =
        new Delivery(
            webhook,
            pushgateway,
            config.job(),
            spool,
            new PushState(),
            executor,
            concurrency,
            config.timeout(),
            clock::nanoTime);
  }

  private static OkHttpClient defaultClient(int concurrency) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Math.max(64, concurrency));
    dispatcher.setMaxRequestsPerHost(Math.max(5, concurrency));
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.max(5, concurrency), 1, TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(10))
        .writeTimeout(Duration.ofSeconds(10))
        .retryOnConnectionFailure(false)
        .build();
  }

  /** A reporter configured by the {@code METRICS_*} environment variables. */
  public static SyncReporter fromEnvironment() {
    return builder().config(SyncMetricsConfig.fromEnvironment(System.getenv()).build()).build();
  }

  /** A reporter that records nothing and sends nothing. */
  public static SyncReporter disabled() {
    return builder().config(SyncMetricsConfig.builder().build()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public SyncMetricsConfig config() {
    return config;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Opens a sync run. Close it (or call {@link SyncRun#finish()}) to report it. */
  public SyncRun startRun() {
    if (!config.enabled() || closed.get()) {
      return SyncRun.disabled();
    }
    delivery.pushState().runStarted();
    return new SyncRun(this, clock, heapProbe);
  }

  /** Delivers what the spool holds now, without a run (what {@code push --spool} does). */
  public ReportResult redeliverSpool() {
    return enabled() ? delivery.redeliverSpool() : ReportResult.disabled();
  }

  /** Delivers payloads read from files (what {@code push FILE} does). */
  public ReportResult deliver(
      List<Payload> payloads, List<dev.syncmetrics.record.RunSnapshot> runs) {
    return enabled() ? delivery.deliverPayloads(payloads, runs) : ReportResult.disabled();
  }

  // called by SyncRun.finish()
  ReportResult report(dev.syncmetrics.record.RunSnapshot run) {
    List<Payload> payloads = writer.write(run);
    return delivery.report(run, payloads);
  }

  String integrationType() {
    return config.integrationType();
  }

  String integrationIdentifier() {
    return config.integrationIdentifier();
  }

  String integrationVersion() {
    return config.integrationVersion();
  }

  /** Stops the delivery threads. Runs finished before keep their results; later runs are no-ops. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || executor == null) {
      return;
    }
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    spool.close();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** Builds a reporter from a {@link SyncMetricsConfig} or from settings given here. */
  public static final class Builder {
    private SyncMetricsConfig config;
    private final SyncMetricsConfig.Builder settings = SyncMetricsConfig.builder();
    private Clock clock = Clock.SYSTEM;
    private LongSupplier heapProbe =
        () -> {
          Runtime r = Runtime.getRuntime();
          return r.totalMemory() - r.freeMemory();
        };
    private OkHttpClient httpClient;
    private Spool spool;

    private Builder() {}

    /** Uses this configuration; the settings methods below are then ignored. */
    public Builder config(SyncMetricsConfig config) {
      this.config = Objects.requireNonNull(config, "config must not be null");
      return this;
    }

    public Builder enabled(boolean enabled) {
      settings().enabled(enabled);
      return this;
    }

    public Builder integration(String type, String identifier, String version) {
      settings().integration(type, identifier, version);
      return this;
    }

    public Builder webhookUrl(String url) {
      settings().webhookUrl(url);
      return this;
    }

    public Builder webhookSecret(String secret) {
      settings().webhookSecret(secret);
      return this;
    }

    public Builder pushgatewayUrl(String url) {
      settings().pushgatewayUrl(url);
      return this;
    }

    public Builder job(String job) {
      settings().job(job);
      return this;
    }

    public Builder pushgatewayBasicAuth(String user, String password) {
      settings().pushgatewayBasicAuth(user, password);
      return this;
    }

    public Builder timeout(Duration timeout) {
      settings().timeout(timeout);
      return this;
    }

    public Builder spoolDir(java.nio.file.Path dir) {
      settings().spoolDir(dir);
      return this;
    }

    public Builder spoolLimits(int maxFiles, long maxBytes) {
      settings().spoolLimits(maxFiles, maxBytes);
      return this;
    }

    public Builder webhookConcurrency(int n) {
      settings().webhookConcurrency(n);
      return this;
    }

    public Builder maxAttempts(int n) {
      settings().maxAttempts(n);
      return this;
    }

    private SyncMetricsConfig.Builder settings() {
      return settings;
    }

    /** The clock for durations and timestamps. Default: the system's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** Measures heap in use, sampled at the end of each phase. Default: {@link Runtime}. */
    public Builder heapProbe(LongSupplier probe) {
      this.heapProbe = Objects.requireNonNull(probe, "probe must not be null");
      return this;
    }

    /** Shares your OkHttp client (its pool and dispatcher). Default: one of the reporter's own. */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client must not be null");
      return this;
    }

    /**
     * Where undelivered payloads wait. Default: a {@link FileSpool} in the configured directory.
     */
    public Builder spool(Spool spool) {
      this.spool = Objects.requireNonNull(spool, "spool must not be null");
      return this;
    }

    /**
     * Validates the configuration and builds the reporter.
     *
     * @throws dev.syncmetrics.config.ConfigException listing every problem at once
     */
    public SyncReporter build() {
      SyncMetricsConfig c = config != null ? config : settings().build();
      return new SyncReporter(this, c);
    }
  }
}
