package dev.syncmetrics.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures log lines (SLF4J goes to java.util.logging in tests) as a user would see them, with any
 * exception's message: every level of syncmetrics' own loggers, INFO and above of the rest.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Level previous;

  public LogCapture() {
    // everything syncmetrics logs, at every level; other libraries at their usual INFO and above
    previous = root.getLevel();
    root.setLevel(Level.INFO);
    Logger.getLogger("dev.syncmetrics").setLevel(Level.ALL);
    setLevel(Level.ALL);
    root.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    StringBuilder s = new StringBuilder(record.getLevel() + " ");
    String message = record.getMessage();
    if (record.getParameters() != null) {
      message = java.text.MessageFormat.format(message.replace("'", "''"), record.getParameters());
    }
    s.append(message);
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      s.append(" | ").append(t);
    }
    lines.add(s.toString());
  }

  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  public synchronized String all() {
    return String.join("\n", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(previous);
  }
}
