package dev.syncmetrics;

import java.util.List;

/**
 * Configuration that cannot be used. The message lists every problem found, one per line, each
 * naming the variable (or builder setting) and its value with any secret part redacted.
 *
 * <pre>{@code
 * try {
 *   reporter = SyncReporter.fromEnvironment();
 * } catch (ConfigException e) {
 *   e.problems().forEach(log::error);   // METRICS_ENABLED was 'maybe' but must be one of ...
 *   reporter = SyncReporter.disabled(); // or stop: the sync itself can still run
 * }
 * }</pre>
 */
public final class ConfigException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own, such as {@code METRICS_ENABLED was 'maybe' but must be ...}. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    StringBuilder s =
        new StringBuilder("Invalid syncmetrics configuration (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append("):");
    for (String p : problems) {
      s.append("\n  - ").append(p);
    }
    return s.toString();
  }
}
