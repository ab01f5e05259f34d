package dev.syncmetrics.mapping;

import java.util.List;

/**
 * Mappings or blueprints that cannot be loaded: unreadable JSON, a jq expression that does not
 * compile, a missing field, an unknown blueprint. The message lists every problem found, each as
 * {@code <file> <json path>: <cause>}, on one line separated by {@code "; "}; {@link #problems()}
 * has them one by one.
 */
public final class MappingLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public MappingLoadException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  public MappingLoadException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(message);
  }

  /** One exception for all {@code problems}. */
  public MappingLoadException(List<String> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  private static String summary(List<String> problems) {
    return "mappings do not load ("
        + problems.size()
        + (problems.size() == 1 ? " problem): " : " problems): ")
        + String.join("; ", problems);
  }

  /** Every problem, as {@code <file> <json path>: <cause>}. */
  public List<String> problems() {
    return problems;
  }
}
