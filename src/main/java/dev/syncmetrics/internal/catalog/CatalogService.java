package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpServerHost;
import dev.syncmetrics.internal.catalog.http.Router;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.JdbcEntityStore;
import dev.syncmetrics.internal.catalog.store.StoreException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running catalog: the store, the routes and the HTTP server ({@link HttpServerHost}: no thread
 * per connection, a bounded pool of workers), started and stopped together. {@code CatalogServer}
 * is its public face.
 *
 * <pre>{@code
 * try (CatalogService catalog = new CatalogService(settings).start()) {
 *   String url = catalog.url();                  // http://127.0.0.1:<port>/
 * }
 * }</pre>
 *
 * <p>A store given in the settings stays the caller's; one opened from a database location is
 * closed with the service.
 */
public final class CatalogService implements Closeable {
  /** How long {@link #close} lets requests under way finish. */
  static final Duration DRAIN = Duration.ofSeconds(5);

  private static final Logger logger = LoggerFactory.getLogger(CatalogService.class);

  private final CatalogSettings settings;
  private final CatalogMetrics metrics = new CatalogMetrics();
  private HttpServerHost server;
  private Router router;
  private EntityStore store;
  private boolean ownsStore;
  private SeenEventPruner pruner;

  public CatalogService(CatalogSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
  }

  /**
   * Opens the store (when given a location) and starts answering requests.
   *
   * @throws IOException when the address cannot be bound or the database cannot be opened
   */
  public synchronized CatalogService start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the catalog server is already started");
    }
    for (String warning : settings.mappings().warnings()) {
      logger.warn("catalog: {}", warning);
    }
    ownsStore = settings.store() == null;
    try {
      store =
          ownsStore
              ? JdbcEntityStore.open(settings.location(), settings.clock())
              : settings.store();
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      router = new Router(Routes.of(settings, store, metrics), metrics, Routes::answer);
      server = HttpServerHost.start(settings.bind(), settings.port(), router, settings.limits());
      pruner =
          SeenEventPruner.start(store, settings.seenEventRetention(), settings.clock(), metrics);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** The port the server listens on (the chosen one when built with port 0). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the catalog server is not started");
    }
    return server.port();
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
      router.drain(DRAIN);
    }
    if (server != null) {
      server.close();
    }
    if (pruner != null) {
      pruner.close();
    }
    if (store != null && ownsStore) {
      store.close();
    }
    pruner = null;
    store = null;
    server = null;
    router = null;
  }
}
