package dev.syncmetrics.internal.catalog.store;

/**
 * The database could not be reached or refused a statement. The message names the operation and the
 * database's own reason, never the connection's credentials.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }

  /**
   * True when the database refused a value rather than failed (SQL state class 22, data exception:
   * a character it cannot store, a number out of range): retrying cannot help.
   */
  public boolean refusedData() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql) {
        for (java.sql.SQLException s = sql; s != null; s = s.getNextException()) {
          String state = s.getSQLState();
          if (state != null && state.startsWith("22")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
