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

    @Override
    String forUpdate() {
      return ""; // a write transaction holds the whole database (BEGIN IMMEDIATE)
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
      // no statement parameters (entity values) or server "Detail:" lines in exception messages,
      // so none reach a log line or an answer
      p.setProperty("logServerErrorDetail", "false");
      return p;
    }

    @Override
    List<String> schemaLock() {
      // replicas starting together must not race on CREATE TABLE IF NOT EXISTS
      return List.of("SELECT pg_advisory_xact_lock(7272741)");
    }

    @Override
    String forUpdate() {
      return " FOR UPDATE";
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

  /** What ends a SELECT that reads a row to update it, so no other writer changes it meanwhile. */
  abstract String forUpdate();

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
        // history by time range, and sampled history read from the index alone
        "CREATE INDEX IF NOT EXISTS catalog_entity_history_by_time"
            + " ON catalog_entity_history (blueprint, identifier, recorded_at, id)",
        "CREATE TABLE IF NOT EXISTS catalog_seen_event ("
            + " event_key TEXT PRIMARY KEY, seen_at BIGINT NOT NULL)",
        // pruning by age (EntityStore.pruneSeenEvents) finds the old keys without a full scan
        "CREATE INDEX IF NOT EXISTS catalog_seen_event_by_time ON catalog_seen_event (seen_at)",
        // one row, rewritten by the health check to prove the database can commit a write
        "CREATE TABLE IF NOT EXISTS catalog_health ("
            + " id INTEGER PRIMARY KEY, checked_at BIGINT NOT NULL)");
  }
}
