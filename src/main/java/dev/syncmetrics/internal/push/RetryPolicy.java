package dev.syncmetrics.internal.push;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a failed request is tried again, for both sinks: connection errors and answers of 408, 429
 * and 5xx are retried with full-jitter exponential backoff (a random wait in [d/2, d], d = 200 ms *
 * 2^(attempt-1), at most 5 s), honouring {@code Retry-After}, until attempts or the report's
 * deadline run out (docs/payload.md, "Delivery").
 *
 * <pre>{@code
 * RetryPolicy policy = new RetryPolicy(5);
 * if (policy.retryable(503) && attempt < policy.maxAttempts()) {
 *   Thread.sleep(policy.retryAfterMillis(response.header("Retry-After"), attempt));
 * }
 * }</pre>
 *
 * @param maxAttempts requests per payload (or push) within one report, the first included
 */
public record RetryPolicy(int maxAttempts) {
  static final long BASE_BACKOFF_MILLIS = 200;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** True when an answer with this status may succeed if sent again. */
  public boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} failed. */
  public long backoffMillis(int attempt) {
    long d = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(20, attempt - 1));
    return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
  }

  /**
   * Waits {@code waitMillis} before the next attempt, unless that would reach past the deadline or
   * the thread is interrupted.
   *
   * @return true when the caller should try again, false when it must give up
   */
  public boolean pause(long waitMillis, long deadlineNanos, LongSupplier nanoTime) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nanoTime.getAsLong());
    if (waitMillis >= left || Thread.currentThread().isInterrupted()) {
      return false;
    }
    try {
      Thread.sleep(waitMillis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date; the backoff when absent or unreadable. */
  public long retryAfterMillis(String header, int attempt) {
    long fallback = backoffMillis(attempt);
    if (header == null || header.isBlank()) {
      return fallback;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
      } catch (DateTimeParseException notDate) {
        return fallback;
      }
    }
  }
}
