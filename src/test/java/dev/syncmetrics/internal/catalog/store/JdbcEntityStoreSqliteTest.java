package dev.syncmetrics.internal.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncmetrics.Clock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcEntityStoreSqliteTest extends EntityStoreContract {
  @TempDir Path dir;

  @Override
  EntityStore newStore(Clock clock) {
    return JdbcEntityStore.open(StoreLocation.sqliteFile(dir.resolve("catalog.db")), clock);
  }

  @Test
  void entitiesSurviveReopeningTheFile() throws Exception {
    store.write(List.of(entity("kinds", "repository-0", "Repos", 7)), List.of(), "e1");
    store.close();

    store = newStore();
    assertEquals(
        7,
        store
            .get("kinds", "repository-0")
            .orElseThrow()
            .entity()
            .properties()
            .get("raw_objects")
            .asInt());
    assertEquals(true, store.seen("e1"));
  }
}
