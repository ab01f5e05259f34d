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
}
