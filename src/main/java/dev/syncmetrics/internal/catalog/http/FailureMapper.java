package dev.syncmetrics.internal.catalog.http;

/**
 * Turns an exception a handler let escape into the answer the client gets. The HTTP layer knows
 * only {@link HttpError}; the wiring, which knows the other parts' exceptions (a database that is
 * down, for instance), says what each of them means to a client.
 *
 * <pre>{@code
 * FailureMapper failures =
 *     e -> e instanceof StoreException ? new HttpError(503, "the database is unavailable") : null;
 * }</pre>
 */
@FunctionalInterface
public interface FailureMapper {
  /** Nothing is known: every exception but {@link HttpError} is answered 500. */
  FailureMapper NONE = failure -> null;

  /**
   * @return the refusal to answer with, or null when {@code failure} is a bug (answered 500)
   */
  HttpError answer(RuntimeException failure);
}
