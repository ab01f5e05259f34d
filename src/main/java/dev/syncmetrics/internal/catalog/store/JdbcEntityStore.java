package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.mapping.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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

  /** Identifiers per bulk history query: far below both databases' limits on parameters. */
  private static final int HISTORY_CHUNK = 500;

  /** Seen-event keys removed per statement: short transactions beside the webhooks' writes. */
  static final int PRUNE_BATCH = 5_000;

  private final ConnectionPool pool;
  private final Clock clock;
  private final SqlDialect dialect;

  /**
   * SQLite has one writer at a time, and a writer that finds the file locked sleeps in SQLite's
   * busy handler (1 to 100 ms steps) instead of being woken: writes of one process queue here
   * instead. PostgreSQL writes run in parallel. Other processes are still covered by busy_timeout.
   */
  private final Lock writeLock;

  private JdbcEntityStore(ConnectionPool pool, Clock clock, SqlDialect dialect) {
    this.pool = pool;
    this.clock = clock;
    this.dialect = dialect;
    this.writeLock = dialect == SqlDialect.SQLITE ? new ReentrantLock(true) : null;
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
    return new JdbcEntityStore(pool, clock, location.dialect());
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
  public WriteOutcome write(WriteBatch batch) {
    Objects.requireNonNull(batch, "batch must not be null");
    // one lock order for every writer, so two replicas writing the same entities cannot deadlock
    List<Entity> ordered = new ArrayList<>(batch.upserts());
    ordered.sort(Comparator.comparing(Entity::blueprint).thenComparing(Entity::identifier));
    WriteBatch sorted =
        new WriteBatch(
            ordered,
            batch.updates(),
            batch.deletes(),
            batch.eventKeys(),
            batch.merge(),
            batch.relations());
    for (int attempt = 1; ; attempt++) {
      if (writeLock != null) {
        writeLock.lock();
      }
      try {
        return pool.with(
            "writing entities",
            c -> WriteTransaction.run(c, dialect, clock.now().toEpochMilli(), sorted));
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
  public List<HistoryPoint> history(
      String blueprint, String identifier, Instant since, Instant until, int limit) {
    return pool.with(
        "reading history",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT recorded_at, title, properties FROM catalog_entity_history"
                      + " WHERE blueprint = ? AND identifier = ?"
                      + " AND recorded_at >= ? AND recorded_at < ?"
                      + " ORDER BY recorded_at DESC, id DESC LIMIT ?")) {
            s.setString(1, blueprint);
            s.setString(2, identifier);
            s.setLong(3, since.toEpochMilli());
            s.setLong(4, until.toEpochMilli());
            s.setInt(5, Math.max(0, limit));
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
  public List<HistoryEntry> histories(
      String blueprint, Collection<String> identifiers, Instant since, Instant until, int buckets) {
    List<String> ids = identifiers.stream().distinct().toList();
    List<HistoryEntry> out = new ArrayList<>();
    if (buckets <= 0) {
      forChunks(ids, chunk -> out.addAll(points(blueprint, chunk, since, until, 0)));
      return sorted(out);
    }
    // entities with few points in the range get all of them; the others are sampled over the
    // span their points cover, so a day of runs every few seconds still draws as a line
    Map<String, long[]> spans = new LinkedHashMap<>();
    forChunks(ids, chunk -> spans.putAll(spans(blueprint, chunk, since, until)));
    List<String> few = new ArrayList<>();
    List<String> many = new ArrayList<>();
    long oldest = until.toEpochMilli();
    for (Map.Entry<String, long[]> e : spans.entrySet()) {
      if (e.getValue()[0] <= buckets) {
        few.add(e.getKey());
      } else {
        many.add(e.getKey());
        oldest = Math.min(oldest, e.getValue()[1]);
      }
    }
    forChunks(few, chunk -> out.addAll(points(blueprint, chunk, since, until, 0)));
    Instant from = Instant.ofEpochMilli(oldest);
    long width = HistorySampling.bucketMillis(from, until, buckets);
    forChunks(many, chunk -> out.addAll(points(blueprint, chunk, from, until, width)));
    return sorted(out);
  }

  private static void forChunks(List<String> ids, Consumer<List<String>> run) {
    for (int from = 0; from < ids.size(); from += HISTORY_CHUNK) {
      run.accept(ids.subList(from, Math.min(ids.size(), from + HISTORY_CHUNK)));
    }
  }

  private static List<HistoryEntry> sorted(List<HistoryEntry> entries) {
    entries.sort(Comparator.comparing((HistoryEntry e) -> e.point().recordedAt()));
    return entries;
  }

  private static String inList(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Per identifier with points in the range: how many, and the time of the oldest. */
  private Map<String, long[]> spans(
      String blueprint, List<String> ids, Instant since, Instant until) {
    return pool.with(
        "reading history",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT identifier, COUNT(*), MIN(recorded_at) FROM catalog_entity_history"
                      + " WHERE blueprint = ? AND identifier IN ("
                      + inList(ids.size())
                      + ") AND recorded_at >= ? AND recorded_at < ? GROUP BY identifier")) {
            int i = bind(s, blueprint, ids, since, until);
            Map<String, long[]> out = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
              }
            }
            return out;
          }
        });
  }

  private static int bind(
      PreparedStatement s, String blueprint, List<String> ids, Instant since, Instant until)
      throws SQLException {
    int i = 1;
    s.setString(i++, blueprint);
    for (String id : ids) {
      s.setString(i++, id);
    }
    s.setLong(i++, since.toEpochMilli());
    s.setLong(i++, until.toEpochMilli());
    return i;
  }

  /**
   * The points of a chunk of identifiers in one query; with {@code width} above 0, per identifier
   * and bucket only the point with the highest id (the last written), chosen in a subquery that
   * reads only the index.
   */
  private List<HistoryEntry> points(
      String blueprint, List<String> ids, Instant since, Instant until, long width) {
    String where =
        " WHERE blueprint = ? AND identifier IN ("
            + inList(ids.size())
            + ") AND recorded_at >= ? AND recorded_at < ?";
    String sql =
        width == 0
            ? "SELECT identifier, recorded_at, title, properties FROM catalog_entity_history"
                + where
            : "SELECT identifier, recorded_at, title, properties FROM catalog_entity_history"
                + " WHERE id IN (SELECT MAX(id) FROM catalog_entity_history"
                + where
                + " GROUP BY identifier, (recorded_at - ?) / ?)";
    return pool.with(
        "reading history",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = bind(s, blueprint, ids, since, until);
            if (width != 0) {
              s.setLong(i++, since.toEpochMilli());
              s.setLong(i, width);
            }
            List<HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new HistoryEntry(
                        rs.getString(1),
                        new HistoryPoint(
                            Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), object(rs, 4))));
              }
            }
            return out;
          }
        });
  }

  /**
   * The newest history id (every upsert appends one, a delete removes the entity's) and the
   * blueprint's entity count (a delete lowers it). On SQLite writers are serialised, so ids grow in
   * commit order and the mark is exact; on PostgreSQL a transaction that took its id before another
   * and commits after it can go unnoticed until the next write, so readers also bound how long they
   * trust it.
   */
  @Override
  public String changeMark(String blueprint) {
    return pool.with(
        "reading the change mark",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT (SELECT MAX(id) FROM catalog_entity_history),"
                      + " (SELECT COUNT(*) FROM catalog_entity WHERE blueprint = ?)")) {
            s.setString(1, blueprint);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return rs.getLong(1) + ":" + rs.getLong(2);
            }
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
  public void checkWritable() {
    if (writeLock != null) {
      writeLock.lock();
    }
    try {
      pool.with(
          "writing the health probe",
          c -> {
            c.setAutoCommit(false);
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO catalog_health (id, checked_at) VALUES (1, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at")) {
              s.setLong(1, clock.now().toEpochMilli());
              s.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            return null;
          });
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
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
