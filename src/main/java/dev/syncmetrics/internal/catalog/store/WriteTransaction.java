package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import dev.syncmetrics.mapping.EntityUpdate;
import dev.syncmetrics.mapping.SearchQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One write transaction of {@link JdbcEntityStore}: the seen-event keys, the upserts (replacing or
 * merging) with their history points, the search-query updates and relations, and the deletes with
 * their dependents, committed together or not at all.
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
  static final String INSERT_NEW =
      "INSERT INTO catalog_entity ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (blueprint, identifier) DO NOTHING";
  static final String UPDATE =
      "UPDATE catalog_entity SET title = ?, icon = ?, team = ?, properties = ?, relations = ?,"
          + " updated_at = ? WHERE blueprint = ? AND identifier = ?";
  static final String APPEND_HISTORY =
      "INSERT INTO catalog_entity_history (blueprint, identifier, title, properties, recorded_at)"
          + " VALUES (?, ?, ?, ?, ?)";
  static final String MARK_SEEN =
      "INSERT INTO catalog_seen_event (event_key, seen_at) VALUES (?, ?)"
          + " ON CONFLICT (event_key) DO NOTHING";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A relation given as a search query, resolved once every upsert of the batch is written. */
  private record PendingRelation(EntityRef entity, String relation, SearchQuery query) {}

  private final Connection c;
  private final SqlDialect dialect;
  private final long now;
  private final WriteBatch batch;
  private final List<PendingRelation> pending = new ArrayList<>();
  private final List<WriteProblem> problems = new ArrayList<>();
  private int upserted;

  private WriteTransaction(Connection c, SqlDialect dialect, long now, WriteBatch batch) {
    this.c = c;
    this.dialect = dialect;
    this.now = now;
    this.batch = batch;
  }

  /**
   * Writes everything at time {@code now} (epoch millis) and commits; upserts must come sorted by
   * (blueprint, identifier), so that concurrent writers lock rows in one order.
   */
  static WriteOutcome run(Connection c, SqlDialect dialect, long now, WriteBatch batch)
      throws SQLException {
    c.setAutoCommit(false);
    WriteOutcome out = new WriteTransaction(c, dialect, now, batch).write();
    if (out.duplicate()) {
      c.rollback();
    } else {
      c.commit();
    }
    c.setAutoCommit(true);
    return out;
  }

  private WriteOutcome write() throws SQLException {
    for (String key : batch.eventKeys()) {
      if (!markSeen(key)) {
        return WriteOutcome.ofDuplicate();
      }
    }
    if (batch.merge()) {
      for (Entity e : batch.upserts()) {
        merge(e, true);
      }
      for (EntityUpdate u : batch.updates()) {
        update(u);
      }
      for (PendingRelation p : pending) {
        resolve(p);
      }
    } else {
      replace(batch.upserts());
    }
    Set<EntityRef> doomed = Dependents.of(c, batch.deletes(), batch.relations());
    List<EntityRef> deleted = new ArrayList<>();
    for (EntityRef ref : doomed) {
      if (deleteOne(ref) > 0) {
        deleted.add(ref);
      }
    }
    return new WriteOutcome(upserted, deleted.size(), false, deleted, problems);
  }

  private boolean markSeen(String eventKey) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARK_SEEN)) {
      s.setString(1, eventKey);
      s.setLong(2, now);
      return s.executeUpdate() == 1;
    }
  }

  /** The write API: each entity replaces what was stored, in two batched statements. */
  private void replace(List<Entity> upserts) throws SQLException {
    if (upserts.isEmpty()) {
      return;
    }
    try (PreparedStatement up = c.prepareStatement(UPSERT);
        PreparedStatement history = c.prepareStatement(APPEND_HISTORY)) {
      for (Entity e : upserts) {
        bind(up, e.blueprint(), e.identifier(), e.title(), e.icon(), e.team());
        up.setString(6, e.properties().toString());
        up.setString(7, e.relations().toString());
        up.setLong(8, now);
        up.setLong(9, now);
        up.addBatch();
        bindHistory(history, e.blueprint(), e.identifier(), e.title(), e.properties());
        history.addBatch();
      }
      up.executeBatch();
      history.executeBatch();
    }
    upserted += upserts.size();
  }

  /**
   * A webhook's upsert: what the entity lacks keeps its stored value. Relations given as search
   * queries wait until every upsert is written. Returns false when the entity does not exist and
   * {@code create} is false.
   */
  private boolean merge(Entity e, boolean create) throws SQLException {
    ObjectNode relations = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = e.relations().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (r.getValue().isObject()) {
        pending.add(
            new PendingRelation(
                new EntityRef(e.blueprint(), e.identifier()),
                r.getKey(),
                SearchQuery.fromJson(r.getValue())));
      } else {
        relations.set(r.getKey(), r.getValue());
      }
    }
    Stored stored = lock(e.blueprint(), e.identifier());
    if (stored == null) {
      if (!create) {
        return false;
      }
      if (insertNew(e, relations)) {
        appendHistory(e.blueprint(), e.identifier(), e.title(), e.properties());
        upserted++;
        return true;
      }
      // another writer created it since (PostgreSQL): merge into theirs
      stored = lock(e.blueprint(), e.identifier());
      if (stored == null) {
        return false;
      }
    }
    String title = e.title() != null ? e.title() : stored.title;
    ObjectNode properties = stored.properties.deepCopy().setAll(e.properties());
    stored.relations.setAll(relations);
    try (PreparedStatement s = c.prepareStatement(UPDATE)) {
      s.setString(1, title);
      s.setString(2, e.icon() != null ? e.icon() : stored.icon);
      s.setString(3, e.team() != null ? e.team() : stored.team);
      s.setString(4, properties.toString());
      s.setString(5, stored.relations.toString());
      s.setLong(6, now);
      s.setString(7, e.blueprint());
      s.setString(8, e.identifier());
      s.executeUpdate();
    }
    appendHistory(e.blueprint(), e.identifier(), title, properties);
    upserted++;
    return true;
  }

  /** Inserts a new entity as given; false when it exists (or another writer just created it). */
  private boolean insertNew(Entity e, ObjectNode relations) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_NEW)) {
      bind(s, e.blueprint(), e.identifier(), e.title(), e.icon(), e.team());
      s.setString(6, e.properties().toString());
      s.setString(7, relations.toString());
      s.setLong(8, now);
      s.setLong(9, now);
      return s.executeUpdate() == 1;
    }
  }

  /** Merges into every entity the query matches; nothing is created when none does. */
  private void update(EntityUpdate u) throws SQLException {
    List<String> ids = StoreSearch.find(c, u.blueprint(), u.identifier());
    if (ids.isEmpty()) {
      problems.add(
          new WriteProblem(
              u.blueprint(),
              null,
              "identifier",
              "search query "
                  + u.identifier()
                  + " matched no entity of blueprint "
                  + u.blueprint()
                  + "; nothing is created"));
      return;
    }
    if (ids.size() > StoreSearch.MAX_MATCHES) {
      problems.add(
          new WriteProblem(
              u.blueprint(),
              null,
              "identifier",
              "search query "
                  + u.identifier()
                  + " matched more than "
                  + StoreSearch.MAX_MATCHES
                  + " entities of blueprint "
                  + u.blueprint()
                  + "; none is updated"));
      return;
    }
    for (String id : ids) {
      merge(
          new Entity(
              u.blueprint(), id, u.title(), u.icon(), u.team(), u.properties(), u.relations()),
          false);
    }
  }

  /** Sets a search-query relation to what it matches now; on a problem the stored value stays. */
  private void resolve(PendingRelation p) throws SQLException {
    RelationSchema.Relation spec = batch.relations().get(p.entity().blueprint(), p.relation());
    String field = "relations." + p.relation();
    if (spec == null) {
      problems.add(
          new WriteProblem(
              p.entity().blueprint(),
              p.entity().identifier(),
              field,
              "relation " + p.relation() + " is not defined; the stored value is kept"));
      return;
    }
    List<String> ids = StoreSearch.find(c, spec.target(), p.query());
    JsonNode value;
    if (ids.size() > StoreSearch.MAX_MATCHES || (!spec.many() && ids.size() > 1)) {
      problems.add(
          new WriteProblem(
              p.entity().blueprint(),
              p.entity().identifier(),
              field,
              "search query "
                  + p.query()
                  + " matched "
                  + (ids.size() > StoreSearch.MAX_MATCHES
                      ? "more than " + StoreSearch.MAX_MATCHES
                      : ids.size() + " entities (" + String.join(", ", ids) + ")")
                  + " of blueprint "
                  + spec.target()
                  + (spec.many() ? "" : " where the relation holds one")
                  + "; the stored value is kept"));
      return;
    } else if (spec.many()) {
      ArrayNode list = JSON.createArrayNode();
      ids.forEach(list::add);
      value = list;
    } else {
      value = ids.isEmpty() ? NullNode.getInstance() : JSON.getNodeFactory().textNode(ids.get(0));
    }
    Stored stored = lock(p.entity().blueprint(), p.entity().identifier());
    if (stored == null) {
      return;
    }
    stored.relations.set(p.relation(), value);
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE catalog_entity SET relations = ? WHERE blueprint = ? AND identifier = ?")) {
      s.setString(1, stored.relations.toString());
      s.setString(2, p.entity().blueprint());
      s.setString(3, p.entity().identifier());
      s.executeUpdate();
    }
  }

  /** An entity's stored fields, read for update. */
  private static final class Stored {
    String title;
    String icon;
    String team;
    ObjectNode properties;
    ObjectNode relations;
  }

  /** Reads and (on PostgreSQL) locks an entity's row; null when there is none. */
  private Stored lock(String blueprint, String identifier) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT title, icon, team, properties, relations FROM catalog_entity"
                + " WHERE blueprint = ? AND identifier = ?"
                + dialect.forUpdate())) {
      s.setString(1, blueprint);
      s.setString(2, identifier);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Stored out = new Stored();
        out.title = rs.getString(1);
        out.icon = rs.getString(2);
        out.team = rs.getString(3);
        out.properties = object(rs.getString(4));
        out.relations = object(rs.getString(5));
        return out;
      }
    }
  }

  private static ObjectNode object(String text) throws SQLException {
    try {
      JsonNode node = JSON.readTree(text);
      return node instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      throw new SQLException("stored JSON is not readable", e);
    }
  }

  private static void bind(
      PreparedStatement s,
      String blueprint,
      String identifier,
      String title,
      String icon,
      String team)
      throws SQLException {
    s.setString(1, blueprint);
    s.setString(2, identifier);
    s.setString(3, title);
    s.setString(4, icon);
    s.setString(5, team);
  }

  private void appendHistory(String blueprint, String identifier, String title, ObjectNode props)
      throws SQLException {
    try (PreparedStatement history = c.prepareStatement(APPEND_HISTORY)) {
      bindHistory(history, blueprint, identifier, title, props);
      history.executeUpdate();
    }
  }

  private void bindHistory(
      PreparedStatement history,
      String blueprint,
      String identifier,
      String title,
      ObjectNode properties)
      throws SQLException {
    history.setString(1, blueprint);
    history.setString(2, identifier);
    history.setString(3, title);
    history.setString(4, properties.toString());
    history.setLong(5, now);
  }

  private int deleteOne(EntityRef ref) throws SQLException {
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
