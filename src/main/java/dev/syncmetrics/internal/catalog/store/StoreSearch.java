package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.mapping.SearchQuery;
import dev.syncmetrics.mapping.SearchRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SearchQuery} against the entities of one blueprint inside a write transaction, the
 * same SQL on SQLite and PostgreSQL: the query narrows the rows in SQL where it can ({@code
 * identifier = ?}, {@code title = ?}, {@code properties LIKE '%"name":"value"%'}), and every row
 * that comes back is matched exactly by {@link SearchQuery#matches}, so the SQL only has to find a
 * superset (SQLite's LIKE ignores ASCII case; a number is not narrowed at all).
 */
final class StoreSearch {
  /** The most entities a query may match, as at the catalog vendor. */
  static final int MAX_MATCHES = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANY = "1=1";
  private static final String NONE = "1=0";

  private StoreSearch() {}

  /**
   * The identifiers of {@code blueprint}'s entities that match, in identifier order, at most {@link
   * #MAX_MATCHES} + 1 (more means too many).
   */
  static List<String> find(Connection c, String blueprint, SearchQuery query) throws SQLException {
    List<Object> params = new ArrayList<>();
    params.add(blueprint);
    String where = condition(query, blueprint, params);
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT identifier, title, properties FROM catalog_entity WHERE blueprint = ? AND ("
                + where
                + ") ORDER BY identifier")) {
      for (int i = 0; i < params.size(); i++) {
        s.setString(i + 1, (String) params.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next() && out.size() <= MAX_MATCHES) {
          String id = rs.getString(1);
          if (query.matches(blueprint, id, rs.getString(2), read(rs.getString(3)))) {
            out.add(id);
          }
        }
      }
    }
    return out;
  }

  private static JsonNode read(String json) throws SQLException {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored properties are not readable JSON", e);
    }
  }

  /** A SQL condition true for every row that can match {@code rule} (and maybe others). */
  private static String condition(SearchRule rule, String blueprint, List<Object> params) {
    if (rule instanceof SearchQuery group) {
      List<String> parts = new ArrayList<>();
      for (SearchRule r : group.rules()) {
        String part = condition(r, blueprint, params);
        if (group.any() && part.equals(ANY)) {
          return ANY; // an OR with an unnarrowed branch narrows nothing
        }
        if (!part.equals(ANY)) {
          parts.add("(" + part + ")");
        }
      }
      return parts.isEmpty() ? ANY : String.join(group.any() ? " OR " : " AND ", parts);
    }
    SearchQuery.Condition c = (SearchQuery.Condition) rule;
    List<String> alternatives = new ArrayList<>();
    for (JsonNode wanted : c.accepted()) {
      String one = one(c.property(), wanted, blueprint, params);
      if (one.equals(ANY)) {
        return ANY;
      }
      alternatives.add(one);
    }
    return alternatives.isEmpty() ? NONE : String.join(" OR ", alternatives);
  }

  private static String one(String property, JsonNode wanted, String blueprint, List<Object> out) {
    switch (property) {
      case "$blueprint":
        return wanted.isTextual() && wanted.textValue().equals(blueprint) ? ANY : NONE;
      case "$identifier":
        if (!wanted.isTextual()) {
          return NONE; // identifiers are strings
        }
        out.add(wanted.textValue());
        return "identifier = ?";
      case "$title":
        if (!wanted.isTextual()) {
          return ANY;
        }
        out.add(wanted.textValue());
        return "title = ?";
      default:
        if (wanted.isNumber() || wanted.isNull()) {
          return ANY; // 2 and 2.0 are equal, and a missing property is null
        }
        out.add("%" + escapeLike(json(property) + ":" + json(wanted)) + "%");
        return "properties LIKE ? ESCAPE '\\'";
    }
  }

  /** The value as Jackson writes it into the properties column. */
  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
