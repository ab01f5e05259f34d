package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the webhook events the catalog has seen once they are older than the retention, at start
 * and then every hour, on one background thread (docs/catalog.md, "Replicas"). Replicas on one
 * database may all run it: each key is removed by one of them, and each counts what it removed.
 *
 * <pre>{@code
 * SeenEventPruner pruner = SeenEventPruner.start(store, Duration.ofDays(30), clock, metrics);
 * pruner.close();
 * }</pre>
 */
final class SeenEventPruner implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(SeenEventPruner.class);
  static final Duration EVERY = Duration.ofHours(1);

  private final EntityStore store;
  private final Duration retention;
  private final Clock clock;
  private final CatalogMetrics metrics;
  private final ScheduledExecutorService thread;

  private SeenEventPruner(
      EntityStore store, Duration retention, Clock clock, CatalogMetrics metrics) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
    this.metrics = metrics;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "catalog-seen-event-pruner");
              t.setDaemon(true);
              return t;
            });
  }

  static SeenEventPruner start(
      EntityStore store, Duration retention, Clock clock, CatalogMetrics metrics) {
    SeenEventPruner p = new SeenEventPruner(store, retention, clock, metrics);
    p.thread.scheduleWithFixedDelay(p::pruneOnce, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return p;
  }

  /** One pass; never throws (a database that is down is tried again at the next pass). */
  int pruneOnce() {
    try {
      int removed = store.pruneSeenEvents(clock.now().minus(retention));
      metrics.seenEventsPruned(removed);
      if (removed > 0) {
        logger.info("catalog: forgot {} webhook events older than {}", removed, retention);
      }
      return removed;
    } catch (RuntimeException e) {
      logger.warn("catalog: cannot prune the seen webhook events: {}", e.getMessage());
      return 0;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
