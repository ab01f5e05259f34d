package dev.syncmetrics.internal.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncmetrics.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interface's own time-range queries, for stores that do not ask a database, agree with SQL.
 */
class EntityStoreDefaultsTest {
  @TempDir Path dir;

  /** Only the methods every store must have; the range queries are the interface's defaults. */
  record Plain(EntityStore inner) implements EntityStore {
    @Override
    public WriteOutcome write(WriteBatch batch) {
      return inner.write(batch);
    }

    @Override
    public Optional<StoredEntity> get(String blueprint, String identifier) {
      return inner.get(blueprint, identifier);
    }

    @Override
    public List<StoredEntity> list(String blueprint, int limit) {
      return inner.list(blueprint, limit);
    }

    @Override
    public List<HistoryPoint> history(String blueprint, String identifier, int limit) {
      return inner.history(blueprint, identifier, limit);
    }

    @Override
    public Map<String, Long> countByBlueprint() {
      return inner.countByBlueprint();
    }

    @Override
    public boolean seen(String eventKey) {
      return inner.seen(eventKey);
    }

    @Override
    public int pruneSeenEvents(Instant before) {
      return inner.pruneSeenEvents(before);
    }

    @Override
    public void check() {
      inner.check();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  static List<String> describe(List<HistoryEntry> entries) {
    return entries.stream()
        .map(e -> e.identifier() + "@" + e.point().recordedAt() + "=" + e.point().properties())
        .sorted()
        .toList();
  }

  @Test
  void theDefaultRangeQueriesGiveWhatTheDatabaseGives() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (EntityStore sql =
        JdbcEntityStore.open(StoreLocation.sqliteFile(dir.resolve("c.db")), clock)) {
      EntityStore plain = new Plain(sql);
      for (int minute = 0; minute < 90; minute++) {
        sql.write(
            List.of(
                EntityStoreContract.entity("kinds", "a-0", "A", minute),
                EntityStoreContract.entity("kinds", "b-1", "B", minute)),
            List.of(),
            null);
        clock.advance(Duration.ofMinutes(minute % 3 == 0 ? 1 : 2));
      }
      Instant since = Instant.parse("2026-11-21T10:30:00Z");
      Instant until = Instant.parse("2026-11-21T12:00:00Z");
      List<String> ids = List.of("a-0", "b-1", "missing");

      for (int buckets : new int[] {0, 7, 60, 500}) {
        assertEquals(
            describe(sql.histories("kinds", ids, since, until, buckets)),
            describe(plain.histories("kinds", ids, since, until, buckets)),
            buckets + " buckets");
      }
      assertEquals(
          sql.history("kinds", "a-0", since, until, 5),
          plain.history("kinds", "a-0", since, until, 5));
    }
  }
}
