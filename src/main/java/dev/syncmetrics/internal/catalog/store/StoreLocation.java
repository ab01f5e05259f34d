package dev.syncmetrics.internal.catalog.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which database the catalog uses: a SQLite file (the default) or a PostgreSQL JDBC URL.
 *
 * <pre>{@code
 * StoreLocation.parse("catalog.db", null, null);                                 // SQLite file
 * StoreLocation.parse("jdbc:postgresql://db:5432/catalog", "catalog", password);  // PostgreSQL
 * }</pre>
 *
 * <p>{@link #toString()} shows the URL without its query string and never the password.
 */
public record StoreLocation(SqlDialect dialect, String jdbcUrl, String user, String password) {
  public StoreLocation {
    Objects.requireNonNull(dialect, "dialect must not be null");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
  }

  /**
   * Reads a {@code --db} value: a {@code jdbc:postgresql://} or {@code jdbc:sqlite:} URL, or else
   * the path of a SQLite file.
   *
   * @throws IllegalArgumentException for an empty value or another kind of JDBC URL
   */
  public static StoreLocation parse(String db, String user, String password) {
    Objects.requireNonNull(db, "db must not be null");
    String value = db.trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "--db is empty: give a file path or a jdbc:postgresql URL");
    }
    if (value.startsWith("jdbc:postgresql:")) {
      return new StoreLocation(SqlDialect.POSTGRESQL, value, user, password);
    }
    if (value.startsWith("jdbc:sqlite:")) {
      return new StoreLocation(SqlDialect.SQLITE, value, user, password);
    }
    if (value.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "--db supports jdbc:postgresql: and jdbc:sqlite: URLs or a file path, not "
              + value.substring(0, value.indexOf(':', 5) < 0 ? 5 : value.indexOf(':', 5)));
    }
    return sqliteFile(Path.of(value));
  }

  /** A SQLite database in {@code file}, created when missing. */
  public static StoreLocation sqliteFile(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    return new StoreLocation(SqlDialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null);
  }

  @Override
  public String toString() {
    int query = jdbcUrl.indexOf('?');
    String shown = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    int at = shown.indexOf('@');
    if (at > 0 && shown.startsWith("jdbc:postgresql://")) {
      shown = "jdbc:postgresql://" + shown.substring(at + 1);
    }
    return shown + (user == null ? "" : " (user " + user + ")");
  }
}
