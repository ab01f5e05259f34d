package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link EntityStore} on a JDBC database: SQLite or PostgreSQL, with the same SQL on both (see
 * {@link SqlDialect} for what differs). Creates its tables when they are missing.
 *
 * <pre>{@code
 * try (EntityStore store = JdbcEntityStore.open(StoreLocation.parse("catalog.db", null, null))) {
 *   store.write(entities, List.of(), null);
 * }
 * }</pre>
 */
public final class JdbcEntityStore implements EntityStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = WriteTransaction.COLUMNS;
  private static final int ATTEMPTS = 3;

  /** Seen-event keys removed per statement: short transactions beside the webhooks' writes. */
  static final int PRUNE_BATCH = 5_000;

  private final ConnectionPool pool;
  private final Clock clock;

  /**
   * SQLite has one writer at a time, and a writer that finds the file locked sleeps in SQLite's
   * busy handler (1 to 100 ms steps) instead of being woken: writes of one process queue here
   * instead. PostgreSQL writes run in parallel. Other processes are still covered by busy_timeout.
   */
  private final Lock writeLock;

  private JdbcEntityStore(ConnectionPool pool, Clock clock, boolean serialiseWrites) {
    this.pool = pool;
    this.clock = clock;
    this.writeLock = serialiseWrites ? new ReentrantLock(true) : null;
  }

  /**
   * Connects to the database and creates the schema when it is missing.
   *
   * @throws StoreException when the database cannot be reached or refuses the schema
   */
  public static JdbcEntityStore open(StoreLocation location) {
    return open(location, Clock.SYSTEM);
  }

  /** As {@link #open(StoreLocation)}, stamping entities and history with {@code clock}'s time. */
  public static JdbcEntityStore open(StoreLocation location, Clock clock) {
    Objects.requireNonNull(location, "location must not be null");
    Objects.requireNonNull(clock, "clock must not be null");
    ConnectionPool pool = new ConnectionPool(location, location.dialect().poolSize());
    try {
      pool.with("opening database " + location, c -> createSchema(c, location.dialect()));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new JdbcEntityStore(pool, clock, location.dialect() == SqlDialect.SQLITE);
  }

  private static Void createSchema(Connection c, SqlDialect dialect) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String sql : dialect.schemaLock()) {
        s.execute(sql);
      }
      for (String sql : dialect.schema()) {
        s.execute(sql);
      }
    }
    c.commit();
    c.setAutoCommit(true);
    return null;
  }

  @Override
  public WriteOutcome write(List<Entity> upserts, List<EntityRef> deletes, String eventKey) {
    Objects.requireNonNull(upserts, "upserts must not be null");
    Objects.requireNonNull(deletes, "deletes must not be null");
    // one lock order for every writer, so two replicas writing the same entities cannot deadlock
    List<Entity> ordered = new ArrayList<>(upserts);
    ordered.sort(Comparator.comparing(Entity::blueprint).thenComparing(Entity::identifier));
    for (int attempt = 1; ; attempt++) {
      if (writeLock != null) {
        writeLock.lock();
      }
      try {
        return pool.with(
            "writing entities",
            c -> WriteTransaction.run(c, clock.now().toEpochMilli(), ordered, deletes, eventKey));
      } catch (StoreException e) {
        if (attempt >= ATTEMPTS || !isTransient(e)) {
          throw e;
        }
      } finally {
        if (writeLock != null) {
          writeLock.unlock();
        }
      }
    }
  }

  @Override
  public Optional<StoredEntity> get(String blueprint, String identifier) {
    return pool.with(
        "reading an entity",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM catalog_entity WHERE blueprint = ? AND identifier = ?")) {
            s.setString(1, blueprint);
            s.setString(2, identifier);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(entity(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<StoredEntity> list(String blueprint, int limit) {
    return pool.with(
        "listing entities",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM catalog_entity WHERE blueprint = ? ORDER BY identifier LIMIT ?")) {
            s.setString(1, blueprint);
            s.setInt(2, Math.max(0, limit));
            List<StoredEntity> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(entity(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<HistoryPoint> history(String blueprint, String identifier, int limit) {
    return pool.with(
        "reading history",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT recorded_at, title, properties FROM catalog_entity_history"
                      + " WHERE blueprint = ? AND identifier = ?"
                      + " ORDER BY recorded_at DESC, id DESC LIMIT ?")) {
            s.setString(1, blueprint);
            s.setString(2, identifier);
            s.setInt(3, Math.max(0, limit));
            List<HistoryPoint> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new HistoryPoint(
                        Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), object(rs, 3)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Map<String, Long> countByBlueprint() {
    return pool.with(
        "counting entities",
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT blueprint, COUNT(*) FROM catalog_entity GROUP BY blueprint"
                          + " ORDER BY blueprint")) {
            Map<String, Long> out = new LinkedHashMap<>();
            while (rs.next()) {
              out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
          }
        });
  }

  @Override
  public boolean seen(String eventKey) {
    return pool.with(
        "checking an event",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM catalog_seen_event WHERE event_key = ?")) {
            s.setString(1, eventKey);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public int pruneSeenEvents(Instant before) {
    long cutoff = before.toEpochMilli();
    int total = 0;
    while (true) {
      int removed = pruneBatch(cutoff);
      total += removed;
      if (removed < PRUNE_BATCH) {
        return total;
      }
    }
  }

  private int pruneBatch(long cutoff) {
    if (writeLock != null) {
      writeLock.lock();
    }
    try {
      return pool.with(
          "pruning seen events",
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "DELETE FROM catalog_seen_event WHERE event_key IN (SELECT event_key"
                        + " FROM catalog_seen_event WHERE seen_at < ? LIMIT ?)")) {
              s.setLong(1, cutoff);
              s.setInt(2, PRUNE_BATCH);
              return s.executeUpdate();
            }
          });
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
  }

  @Override
  public void check() {
    pool.with(
        "checking the database",
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
          }
        });
  }

  @Override
  public void close() {
    pool.close();
  }

  private static StoredEntity entity(ResultSet rs) throws SQLException {
    return new StoredEntity(
        new Entity(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            object(rs, 6),
            object(rs, 7)),
        Instant.ofEpochMilli(rs.getLong(8)),
        Instant.ofEpochMilli(rs.getLong(9)));
  }

  private static ObjectNode object(ResultSet rs, int column) throws SQLException {
    String text = rs.getString(column);
    try {
      JsonNode node = JSON.readTree(text);
      return node instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      throw new SQLException("stored JSON in column " + column + " is not readable", e);
    }
  }

  /** Deadlocks and serialization failures (PostgreSQL) and a busy database are worth a retry. */
  private static boolean isTransient(StoreException e) {
    if (e.getCause() instanceof SQLException sql) {
      String state = sql.getSQLState();
      return "40001".equals(state)
          || "40P01".equals(state)
          || (sql.getMessage() != null && sql.getMessage().contains("SQLITE_BUSY"));
    }
    return false;
  }
}
