package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.mapping.Deletion;
import dev.syncmetrics.mapping.EntityRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a delete removes: the entities asked for and, for those deleted with their dependents, every
 * entity whose relations point at one being removed, transitively (the catalog vendor's {@code
 * deleteDependents}). Candidates are found in SQL by the identifier's JSON text in the relations
 * column, then checked exactly against the relation the blueprint declares.
 */
final class Dependents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Dependents() {}

  /** The entities to remove, those asked for first, in order, then their dependents. */
  static Set<EntityRef> of(Connection c, List<Deletion> deletes, RelationSchema relations)
      throws SQLException {
    Set<EntityRef> all = new LinkedHashSet<>();
    Deque<EntityRef> todo = new ArrayDeque<>();
    for (Deletion d : deletes) {
      all.add(d.entity());
      if (d.deleteDependents()) {
        todo.add(d.entity());
      }
    }
    Set<EntityRef> expanded = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      EntityRef target = todo.poll();
      if (!expanded.add(target)) {
        continue;
      }
      for (RelationSchema.Relation r : relations.pointingAt(target.blueprint())) {
        for (String id : pointing(c, r, target.identifier())) {
          EntityRef dependent = new EntityRef(r.blueprint(), id);
          if (all.add(dependent)) {
            todo.add(dependent);
          }
        }
      }
    }
    return all;
  }

  /** The entities of {@code r.blueprint()} whose relation {@code r} holds {@code identifier}. */
  private static List<String> pointing(Connection c, RelationSchema.Relation r, String identifier)
      throws SQLException {
    String text;
    try {
      text = JSON.writeValueAsString(identifier);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT identifier, relations FROM catalog_entity"
                + " WHERE blueprint = ? AND relations LIKE ? ESCAPE '\\' ORDER BY identifier")) {
      s.setString(1, r.blueprint());
      s.setString(2, "%" + StoreSearch.escapeLike(text) + "%");
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (holds(rs.getString(2), r.name(), identifier)) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    }
  }

  private static boolean holds(String relationsJson, String name, String identifier)
      throws SQLException {
    JsonNode value;
    try {
      value = JSON.readTree(relationsJson).get(name);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored relations are not readable JSON", e);
    }
    if (value == null) {
      return false;
    }
    if (value.isTextual()) {
      return value.textValue().equals(identifier);
    }
    if (value.isArray()) {
      for (JsonNode id : value) {
        if (id.isTextual() && id.textValue().equals(identifier)) {
          return true;
        }
      }
    }
    return false;
  }
}
