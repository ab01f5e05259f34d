package dev.syncmetrics.mapping;

/** A jq expression that does not compile; the message is jq-style, without the file or path. */
final class JqCompileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  JqCompileException(String message) {
    super(message);
  }
}
