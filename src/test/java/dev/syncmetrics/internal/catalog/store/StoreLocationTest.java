package dev.syncmetrics.internal.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  @Test
  void aPathIsASqliteFile() {
    StoreLocation l = StoreLocation.parse("data/catalog.db", null, null);
    assertEquals(SqlDialect.SQLITE, l.dialect());
    assertEquals("jdbc:sqlite:" + Path.of("data/catalog.db").toAbsolutePath(), l.jdbcUrl());
  }

  @Test
  void aPostgresUrlSelectsPostgres() {
    StoreLocation l = StoreLocation.parse("jdbc:postgresql://db:5432/catalog", "cat", "pw");
    assertEquals(SqlDialect.POSTGRESQL, l.dialect());
    assertEquals("cat", l.user());
  }

  @Test
  void toStringHidesPasswordsAndQueryStrings() {
    StoreLocation l =
        StoreLocation.parse(
            "jdbc:postgresql://u:hunter2@db/catalog?password=hunter2", "u", "hunter2");
    assertFalse(l.toString().contains("hunter2"), l.toString());
    assertTrue(l.toString().contains("db/catalog"), l.toString());
  }

  @Test
  void otherJdbcUrlsAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoreLocation.parse("jdbc:mysql://x/y", null, null));
    assertTrue(e.getMessage().contains("jdbc:mysql"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StoreLocation.parse("  ", null, null));
  }
}
