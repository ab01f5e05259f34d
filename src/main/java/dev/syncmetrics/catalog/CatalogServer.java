package dev.syncmetrics.catalog;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.syncmetrics.catalog.http.Router;
import dev.syncmetrics.catalog.store.EntityStore;
import dev.syncmetrics.catalog.store.JdbcEntityStore;
import dev.syncmetrics.catalog.store.StoreLocation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The catalog: webhook receiver, entity API and dashboard on the JDK's HTTP server.
 *
 * <pre>{@code
 * try (CatalogServer catalog = CatalogServer.builder()
 *     .port(0)                                   // a free port
 *     .mappingsDir(Path.of("mappings"))
 *     .database(StoreLocation.parse("catalog.db", null, null))
 *     .webhookSecret("s3cret")
 *     .build()
 *     .start()) {
 *   String url = catalog.url();                  // http://127.0.0.1:<port>/
 * }
 * }</pre>
 *
 * <p>A store given with {@link Builder#store} stays the caller's; one opened from {@link
 * Builder#database} is closed with the server.
 */
public final class CatalogServer implements AutoCloseable {
  private final CatalogSettings settings;
  private final CatalogMetrics metrics = new CatalogMetrics();
  private HttpServer server;
  private Router router;
  private ThreadPoolExecutor executor;
  private EntityStore store;
  private boolean ownsStore;

  private CatalogServer(CatalogSettings settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the store (when given a location) and starts answering requests.
   *
   * @throws IOException when the address cannot be bound
   * @throws dev.syncmetrics.catalog.store.StoreException when the database cannot be reached
   */
  public synchronized CatalogServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the catalog server is already started");
    }
    RequestTimeouts.applyDefault(settings.requestTimeout());
    ownsStore = settings.store() == null;
    store = ownsStore ? JdbcEntityStore.open(settings.location()) : settings.store();
    try {
      executor = newExecutor(settings.threads());
      server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 128);
      server.setExecutor(executor);
      router = new Router(Routes.of(settings, store, metrics), metrics);
      server.createContext("/", router);
      server.start();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  private static ThreadPoolExecutor newExecutor(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * 16),
            r -> {
              Thread t = new Thread(r, "catalog-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            // the server closes a connection it cannot hand to a thread
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The port the server listens on (the chosen one when built with port 0). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the catalog server is not started");
    }
    return server.getAddress().getPort();
  }

  /** The dashboard's URL, such as {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = settings.bind();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/";
  }

  /**
   * Answers new requests with 503, lets those under way finish (up to five seconds), stops the HTTP
   * server and closes the store. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    if (router != null) {
      router.drain(Duration.ofSeconds(5));
    }
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (store != null && ownsStore) {
      store.close();
    }
    store = null;
    server = null;
    router = null;
    executor = null;
  }

  /** Configures a {@link CatalogServer}; every setting has a default but the mappings. */
  public static final class Builder {
    final CatalogSettings.Values values = new CatalogSettings.Values();

    private Builder() {}

    /** TCP port; default 8080, 0 for a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, not " + port);
      }
      values.port = port;
      return this;
    }

    /** Address to listen on; default {@code 127.0.0.1} (this machine only). */
    public Builder bind(String address) {
      values.bind = requireNonNull(address, "address must not be null");
      return this;
    }

    /** Loads blueprints and webhook mappings from a directory (when {@link #build} runs). */
    public Builder mappingsDir(Path dir) {
      values.mappingsDir = requireNonNull(dir, "dir must not be null");
      return this;
    }

    /** Uses mappings already loaded (or a fake in tests) instead of {@link #mappingsDir}. */
    public Builder mappings(WebhookMappings mappings) {
      values.mappings = requireNonNull(mappings, "mappings must not be null");
      return this;
    }

    /** The database to open at start; default the SQLite file {@code catalog.db}. */
    public Builder database(StoreLocation location) {
      values.location = requireNonNull(location, "location must not be null");
      return this;
    }

    /** A store the caller opened and will close, instead of {@link #database}. */
    public Builder store(EntityStore store) {
      values.store = requireNonNull(store, "store must not be null");
      return this;
    }

    /** Requires every webhook to be signed with this secret; default none (unsigned). */
    public Builder webhookSecret(String secret) {
      values.webhookSecret = requireNonNull(secret, "secret must not be null");
      return this;
    }

    /** The header that carries the signature; default {@code X-Syncmetrics-Signature}. */
    public Builder signatureHeader(String header) {
      values.signatureHeader = requireNonNull(header, "header must not be null");
      return this;
    }

    /** Text before the signature; default the algorithm's ({@code sha256=}, {@code sha1=}). */
    public Builder signaturePrefix(String prefix) {
      values.signaturePrefix = requireNonNull(prefix, "prefix must not be null");
      return this;
    }

    /** Default {@link SignatureAlgorithm#SHA256}. */
    public Builder signatureAlgorithm(SignatureAlgorithm algorithm) {
      values.signatureAlgorithm = requireNonNull(algorithm, "algorithm must not be null");
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} on the write API; default none (open). */
    public Builder apiToken(String token) {
      values.apiToken = requireNonNull(token, "token must not be null");
      return this;
    }

    /** Largest request body accepted; default 1 MiB. Larger ones get 413. */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, not " + bytes);
      }
      values.maxBodyBytes = bytes;
      return this;
    }

    /** Request-handling threads; default 16. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, not " + threads);
      }
      values.threads = threads;
      return this;
    }

    /**
     * How long a client may take to send a request or read the answer before its connection is
     * closed; default 30 s. JVM-wide: only the first server started in a JVM sets it.
     */
    public Builder requestTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout must not be null");
      if (timeout.toSeconds() < 1) {
        throw new IllegalArgumentException("requestTimeout must be at least one second");
      }
      values.requestTimeout = timeout;
      return this;
    }

    /** The clock webhook timestamps are checked against; default the system clock. */
    public Builder clock(Clock clock) {
      values.clock = requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Checks the settings and loads the mappings.
     *
     * @throws dev.syncmetrics.mapping.MappingLoadException when the mappings cannot be loaded
     * @throws IllegalArgumentException for settings that do not fit together
     */
    public CatalogServer build() {
      return new CatalogServer(CatalogSettings.from(values));
    }
  }
}
