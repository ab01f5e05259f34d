package dev.syncmetrics.internal.catalog.store;

import java.util.List;
import java.util.Properties;

/**
 * What differs between the databases the catalog runs on. Everything else (upserts with {@code
 * INSERT ... ON CONFLICT ... DO UPDATE}, queries) is the same SQL on both.
 */
public enum SqlDialect {
  /**
   * An embedded SQLite file: WAL journal, {@code synchronous=NORMAL} (survives a killed process).
   */
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", 4) {
    @Override
    Properties connectionProperties() {
      Properties p = new Properties();
      p.setProperty("journal_mode", "WAL");
      p.setProperty("synchronous", "NORMAL");
      p.setProperty("busy_timeout", "10000");
      // writes take the write lock at BEGIN, so two writers wait instead of failing to upgrade
      p.setProperty("transaction_mode", "IMMEDIATE");
      return p;
    }

    @Override
    List<String> schemaLock() {
      return List.of();
    }
  },

  /** PostgreSQL, shared by several catalog replicas. */
  POSTGRESQL("BIGSERIAL PRIMARY KEY", 8) {
    @Override
    Properties connectionProperties() {
      Properties p = new Properties();
      p.setProperty("connectTimeout", "10");
      p.setProperty("socketTimeout", "60");
      p.setProperty("ApplicationName", "syncmetrics-catalog");
      return p;
    }

    @Override
    List<String> schemaLock() {
      // replicas starting together must not race on CREATE TABLE IF NOT EXISTS
      return List.of("SELECT pg_advisory_xact_lock(7272741)");
    }
  };

  private final String historyIdColumn;
  private final int poolSize;

  SqlDialect(String historyIdColumn, int poolSize) {
    this.historyIdColumn = historyIdColumn;
    this.poolSize = poolSize;
  }

  abstract Properties connectionProperties();

  /** Statements run in the schema transaction before the tables are created. */
  abstract List<String> schemaLock();

  int poolSize() {
    return poolSize;
  }

  /** The statements that create the schema when it is missing. */
  List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS catalog_entity ("
            + " blueprint TEXT NOT NULL, identifier TEXT NOT NULL, title TEXT, icon TEXT,"
            + " team TEXT, properties TEXT NOT NULL, relations TEXT NOT NULL,"
            + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
            + " PRIMARY KEY (blueprint, identifier))",
        "CREATE TABLE IF NOT EXISTS catalog_entity_history ("
            + " id "
            + historyIdColumn
            + ", blueprint TEXT NOT NULL, identifier TEXT NOT NULL,"
            + " title TEXT, properties TEXT NOT NULL, recorded_at BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS catalog_entity_history_by_entity"
            + " ON catalog_entity_history (blueprint, identifier, id)",
        "CREATE TABLE IF NOT EXISTS catalog_seen_event ("
            + " event_key TEXT PRIMARY KEY, seen_at BIGINT NOT NULL)",
        // pruning by age (EntityStore.pruneSeenEvents) finds the old keys without a full scan
        "CREATE INDEX IF NOT EXISTS catalog_seen_event_by_time ON catalog_seen_event (seen_at)");
  }
}
