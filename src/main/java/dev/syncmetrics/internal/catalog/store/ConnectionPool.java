package dev.syncmetrics.internal.catalog.store;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of JDBC connections, opened when first needed. A connection that fails a statement
 * and no longer answers is closed and replaced by a new one on the next borrow.
 */
final class ConnectionPool implements AutoCloseable {
  /** Work done with a borrowed connection. */
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final long BORROW_TIMEOUT_SECONDS = 30;

  private final StoreLocation location;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  ConnectionPool(StoreLocation location, int size) {
    this.location = location;
    this.permits = new Semaphore(size, true);
  }

  <T> T with(String operation, SqlWork<T> work) {
    if (closed) {
      throw new StoreException("the store is closed");
    }
    acquire(operation);
    Connection connection = null;
    try {
      connection = borrow();
      T result = work.run(connection);
      if (closed) {
        closeQuietly(connection);
      } else {
        idle.push(connection);
      }
      connection = null;
      return result;
    } catch (SQLException e) {
      throw new StoreException(operation + " failed: " + reason(e), e);
    } finally {
      if (connection != null) {
        recycle(connection);
      }
      permits.release();
    }
  }

  /**
   * The database's reason, first line only and never with the statement's values: a failed batch
   * names the entry's first error, not "Batch entry 0 INSERT ... VALUES (...) was aborted".
   */
  static String reason(SQLException e) {
    SQLException root =
        e instanceof BatchUpdateException && e.getNextException() != null
            ? e.getNextException()
            : e;
    String message = root.getMessage() == null ? "no reason given" : root.getMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = message.replaceAll("Batch entry \\d+ .* was aborted: ", "");
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    String state = root.getSQLState();
    return message + (state == null ? "" : " (SQL state " + state + ")");
  }

  private void acquire(String operation) {
    try {
      if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new StoreException(
            operation + ": no database connection free within " + BORROW_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(operation + " interrupted");
    }
  }

  private Connection borrow() throws SQLException {
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    Properties props = location.dialect().connectionProperties();
    if (location.user() != null) {
      props.setProperty("user", location.user());
    }
    if (location.password() != null) {
      props.setProperty("password", location.password());
    }
    return DriverManager.getConnection(location.jdbcUrl(), props);
  }

  /** Keeps a connection that failed a statement only if it still answers. */
  private void recycle(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      if (connection.isValid(2) && !closed) {
        idle.push(connection);
        return;
      }
    } catch (SQLException broken) {
      // fall through and close it
    }
    closeQuietly(connection);
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing left to do with a broken connection
    }
  }
}
