package dev.syncmetrics.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.JdbcEntityStore;
import dev.syncmetrics.internal.catalog.store.StoreLocation;
import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenEventPrunerTest {
  @TempDir Path dir;

  @Test
  void aPassRemovesKeysOlderThanTheRetentionAndCountsThem() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    CatalogMetrics metrics = new CatalogMetrics();
    try (EntityStore store =
        JdbcEntityStore.open(StoreLocation.sqliteFile(dir.resolve("c.db")), clock)) {
      store.write(List.of(), List.of(), "old");
      clock.advance(Duration.ofDays(31));
      store.write(List.of(), List.of(), "new");
      SeenEventPruner pruner = SeenEventPruner.start(store, Duration.ofDays(30), clock, metrics);
      pruner.close(); // its first pass ran at start or was cut; one more, here:
      pruner.pruneOnce();

      assertTrue(store.seen("new"));
      assertEquals(false, store.seen("old"));
      assertTrue(
          metrics.scrape().contains("catalog_seen_events_pruned_total 1.0"), metrics.scrape());
    }
  }

  @Test
  void aDatabaseThatIsDownIsAWarningAndTriedAgainLater() {
    CatalogMetrics metrics = new CatalogMetrics();
    try (LogCapture logs = new LogCapture()) {
      SeenEventPruner pruner =
          SeenEventPruner.start(
              new CatalogServiceTest.DownStore(),
              Duration.ofDays(30),
              new FakeClock(Instant.EPOCH),
              metrics);
      pruner.close();
      assertEquals(0, pruner.pruneOnce());
      assertTrue(logs.all().contains("cannot prune the seen webhook events"), logs.all());
    }
  }
}
