package dev.syncmetrics;

import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.push.Delivery;
import dev.syncmetrics.internal.push.PushgatewaySink;
import dev.syncmetrics.internal.push.RetryPolicy;
import dev.syncmetrics.internal.push.Targets;
import dev.syncmetrics.internal.push.WebhookSink;
import dev.syncmetrics.internal.record.NoopRun;
import dev.syncmetrics.internal.record.RecordingRun;
import dev.syncmetrics.internal.signature.SignatureScheme;
import dev.syncmetrics.internal.spool.FileSpool;
import dev.syncmetrics.internal.spool.LastSuccessFile;
import dev.syncmetrics.internal.spool.Spool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Reports the syncs of one integration: hands out {@link SyncRun}s to record into; announces each
 * run as it starts, delivers each kind's payload as the kind ends, and at the end of the run the
 * final {@code __runtime__} to the webhook and the run's metrics to the Pushgateway, within {@link
 * SyncMetricsConfig#timeout()}. Every payload is written to the spool before it is first sent.
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
 * no-op that costs next to nothing. Reporting never throws and never outlasts its timeout. While it
 * is open, a JVM shutdown hook aborts the runs still open (SIGTERM, the end of {@code main}) and
 * delivers them within {@link SyncMetricsConfig#shutdownTimeout()}.
 *
 * <p>This class is where the reporter is wired together: it is the one place of the API that builds
 * the internal parts (recording, payloads, delivery, spool; docs/architecture.md).
 */
public final class SyncReporter implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Pushes tried per report: the first and up to two retries, within the report's deadline. */
  private static final int PUSHGATEWAY_ATTEMPTS = 3;

  private final SyncMetricsConfig config;
  private final Clock clock;
  private final LongSupplier heapProbe;
  private final RecordingRun.Identity identity;
  private final PayloadWriter writer;
  private final Delivery delivery;
  private final ExecutorService executor;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Spool spool;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<RecordingRun> open = ConcurrentHashMap.newKeySet();
  private final Thread shutdownHook;

  private SyncReporter(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.heapProbe = b.heapProbe;
    this.writer = new PayloadWriter(Version.VERSION, config.payloadFormat());
    this.identity =
        new RecordingRun.Identity(
            config.integrationType(), config.integrationIdentifier(), config.integrationVersion());
    if (!config.enabled()) {
      this.delivery = null;
      this.executor = null;
      this.http = null;
      this.ownsHttp = false;
      this.spool = null;
      this.shutdownHook = null;
      return;
    }
    int concurrency = config.webhookConcurrency();
    this.executor =
        new ThreadPoolExecutor(
            0,
            2 * concurrency + 8,
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
    this.spool = new FileSpool(config.spoolDir(), config.spoolMaxFiles(), config.spoolMaxBytes());
    WebhookSink webhook =
        config.webhookUrl() == null
            ? null
            : new WebhookSink(
                config.webhookHttpUrl(),
                config.webhookSecret(),
                SignatureScheme.parse(config.webhookSignature()),
                http,
                new RetryPolicy(config.maxAttempts()),
                clock);
    PushgatewaySink pushgateway =
        config.pushgatewayUrl() == null
            ? null
            : new PushgatewaySink(
                config.pushgatewayHttpUrl(),
                config.job(),
                config.pushgatewayUsername(),
                config.pushgatewayPassword(),
                new LastSuccessFile(config.spoolDir()),
                new RetryPolicy(PUSHGATEWAY_ATTEMPTS),
                clock);
    this.delivery =
        new Delivery(
            new Targets(webhook, concurrency, pushgateway),
            spool,
            writer,
            executor,
            config.timeout(),
            clock);
    this.shutdownHook = new Thread(this::abortOnShutdown, "syncmetrics-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // created while the JVM shuts down: nothing to hook
    }
  }

  /**
   * The JVM is shutting down: abort the runs still open and deliver them, all at once, within the
   * shutdown timeout.
   */
  private void abortOnShutdown() {
    Duration budget = config.shutdownTimeout();
    delivery.shuttingDown(budget);
    abortOpen("the JVM is shutting down", budget);
    spool.close();
  }

  private void abortOpen(String reason, Duration budget) {
    List<Thread> aborting = new ArrayList<>();
    for (RecordingRun run : open) {
      if (!run.ended()) {
        Thread t = new Thread(() -> run.abort(reason), "syncmetrics-abort");
        t.setDaemon(true);
        t.start();
        aborting.add(t);
      }
    }
    long deadline = System.nanoTime() + budget.toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
    for (Thread t : aborting) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
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

  /**
   * A reporter configured by the {@code METRICS_*} environment variables.
   *
   * @throws ConfigException listing every problem with the variables at once
   */
  public static SyncReporter fromEnvironment() {
    return builder(SyncMetricsConfig.fromEnvironment(System.getenv()).build()).build();
  }

  /** A reporter that records nothing and sends nothing. */
  public static SyncReporter disabled() {
    return builder(SyncMetricsConfig.builder().build()).build();
  }

  /**
   * A builder for a reporter with this (already validated) configuration.
   *
   * <pre>{@code
   * SyncReporter reporter = SyncReporter.builder(config).httpClient(sharedClient).build();
   * }</pre>
   */
  public static Builder builder(SyncMetricsConfig config) {
    return new Builder(config);
  }

  public SyncMetricsConfig config() {
    return config;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /**
   * Opens a sync run and announces it ({@code syncing}, in the background). Call {@link
   * SyncRun#finish()} to report it; closing it without finishing aborts it.
   */
  public SyncRun startRun() {
    if (!config.enabled() || closed.get()) {
      return NoopRun.INSTANCE;
    }
    open.removeIf(RecordingRun::ended);
    RecordingRun run = new RecordingRun(identity, clock, heapProbe, delivery.newRun());
    open.add(run);
    return run;
  }

  /** Delivers what the spool holds now, without a run (what {@code push --spool} does). */
  public ReportResult redeliverSpool() {
    return enabled() ? delivery.redeliverSpool() : ReportResult.disabled();
  }

  /**
   * Delivers payloads as they are (what {@code push FILE} does): each to the webhook, and each
   * event's run to the Pushgateway.
   */
  public ReportResult deliver(List<Payload> payloads) {
    return enabled() ? delivery.deliverPayloads(payloads) : ReportResult.disabled();
  }

  /**
   * Aborts the runs still open (and delivers them), then stops the delivery threads. Runs finished
   * before keep their results; later runs are no-ops.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || executor == null) {
      return;
    }
    abortOpen("the reporter was closed", config.timeout());
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    delivery.close();
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

  /** Builds a reporter: its configuration, and the parts tests and embedders may replace. */
  public static final class Builder {
    private final SyncMetricsConfig config;
    private Clock clock = Clock.SYSTEM;
    private LongSupplier heapProbe =
        () -> {
          Runtime r = Runtime.getRuntime();
          return r.totalMemory() - r.freeMemory();
        };
    private OkHttpClient httpClient;

    private Builder(SyncMetricsConfig config) {
      this.config = Objects.requireNonNull(config, "config must not be null");
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

    /** Builds the reporter; never throws for a valid configuration. */
    public SyncReporter build() {
      return new SyncReporter(this);
    }
  }
}
