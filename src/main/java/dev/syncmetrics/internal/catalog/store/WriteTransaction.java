package dev.syncmetrics.internal.catalog.store;

import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One write transaction of {@link JdbcEntityStore}: the seen-event key, the upserts with their
 * history points, and the deletes, committed together or not at all.
 */
final class WriteTransaction {
  static final String COLUMNS =
      "blueprint, identifier, title, icon, team, properties, relations, created_at, updated_at";
  static final String UPSERT =
      "INSERT INTO catalog_entity ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (blueprint, identifier) DO UPDATE SET title = excluded.title,"
          + " icon = excluded.icon, team = excluded.team, properties = excluded.properties,"
          + " relations = excluded.relations, updated_at = excluded.updated_at";
  static final String APPEND_HISTORY =
      "INSERT INTO catalog_entity_history (blueprint, identifier, title, properties, recorded_at)"
          + " VALUES (?, ?, ?, ?, ?)";
  static final String MARK_SEEN =
      "INSERT INTO catalog_seen_event (event_key, seen_at) VALUES (?, ?)"
          + " ON CONFLICT (event_key) DO NOTHING";

  private WriteTransaction() {}

  /** Writes everything at time {@code now} (epoch millis) and commits. */
  static WriteOutcome run(
      Connection c, long now, List<Entity> upserts, List<EntityRef> deletes, String eventKey)
      throws SQLException {
    c.setAutoCommit(false);
    if (eventKey != null && !markSeen(c, eventKey, now)) {
      c.rollback();
      c.setAutoCommit(true);
      return WriteOutcome.ofDuplicate();
    }
    if (!upserts.isEmpty()) {
      try (PreparedStatement up = c.prepareStatement(UPSERT);
          PreparedStatement history = c.prepareStatement(APPEND_HISTORY)) {
        for (Entity e : upserts) {
          bindUpsert(up, e, now);
          up.addBatch();
          history.setString(1, e.blueprint());
          history.setString(2, e.identifier());
          history.setString(3, e.title());
          history.setString(4, e.properties().toString());
          history.setLong(5, now);
          history.addBatch();
        }
        up.executeBatch();
        history.executeBatch();
      }
    }
    int deleted = 0;
    for (EntityRef ref : deletes) {
      deleted += deleteOne(c, ref);
    }
    c.commit();
    c.setAutoCommit(true);
    return new WriteOutcome(upserts.size(), deleted, false);
  }

  private static boolean markSeen(Connection c, String eventKey, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARK_SEEN)) {
      s.setString(1, eventKey);
      s.setLong(2, now);
      return s.executeUpdate() == 1;
    }
  }

  private static void bindUpsert(PreparedStatement s, Entity e, long now) throws SQLException {
    s.setString(1, e.blueprint());
    s.setString(2, e.identifier());
    s.setString(3, e.title());
    s.setString(4, e.icon());
    s.setString(5, e.team());
    s.setString(6, e.properties().toString());
    s.setString(7, e.relations().toString());
    s.setLong(8, now);
    s.setLong(9, now);
  }

  private static int deleteOne(Connection c, EntityRef ref) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM catalog_entity_history WHERE blueprint = ? AND identifier = ?");
        PreparedStatement e =
            c.prepareStatement(
                "DELETE FROM catalog_entity WHERE blueprint = ? AND identifier = ?")) {
      s.setString(1, ref.blueprint());
      s.setString(2, ref.identifier());
      s.executeUpdate();
      e.setString(1, ref.blueprint());
      e.setString(2, ref.identifier());
      return e.executeUpdate();
    }
  }
}
