package dev.syncmetrics.mapping;

/**
 * Mappings or blueprints that cannot be loaded: unreadable JSON, a jq expression that does not
 * compile, a missing field. The message names the file, the JSON path of the field and the cause.
 */
public final class MappingLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MappingLoadException(String message) {
    super(message);
  }

  public MappingLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
