package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.StoreException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz}: 200 only when the store can <em>write</em> (it commits a one-row probe, so
 * a full disk, a read-only file or a read-only database fails it), else 503 naming no more than
 * "cannot write". A success is reused for a second, so probing often costs at most one small write
 * a second; a failure is probed again at once.
 *
 * <pre>{@code
 * new Route("GET", "/healthz", new HealthCheck(store)::answer);
 * }</pre>
 */
final class HealthCheck {
  static final long REUSE_NANOS = 1_000_000_000L;
  private static final Logger logger = LoggerFactory.getLogger(HealthCheck.class);

  private final EntityStore store;
  private final LongSupplier nanoTime;
  private long lastSuccess;
  private boolean succeeded;

  HealthCheck(EntityStore store) {
    this(store, System::nanoTime);
  }

  HealthCheck(EntityStore store, LongSupplier nanoTime) {
    this.store = store;
    this.nanoTime = nanoTime;
  }

  Response answer(Request request) {
    if (writable()) {
      return Response.json(200, HttpJson.object().put("status", "ok"));
    }
    return Response.json(
            503,
            HttpJson.object()
                .put("status", "failing")
                .put("error", "the catalog's database cannot write; webhooks get 503"))
        .withHeader("Retry-After", "5");
  }

  private synchronized boolean writable() {
    long now = nanoTime.getAsLong();
    if (succeeded && now - lastSuccess < REUSE_NANOS) {
      return true;
    }
    try {
      store.checkWritable();
      succeeded = true;
      lastSuccess = now;
      return true;
    } catch (StoreException e) {
      succeeded = false;
      logger.warn("health check: {}", e.getMessage());
      return false;
    }
  }
}
