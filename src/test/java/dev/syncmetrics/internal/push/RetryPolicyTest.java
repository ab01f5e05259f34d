package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.FakeClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(5);

  @Test
  void connectionTroubleTimeoutsThrottlingAndServerErrorsAreRetriedOtherAnswersAreNot() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertTrue(policy.retryable(status), Integer.toString(status));
    }
    for (int status : new int[] {400, 401, 403, 404, 409, 413, 415, 422}) {
      assertFalse(policy.retryable(status), Integer.toString(status));
    }
  }

  @Test
  void backoffDoublesFrom200MillisWithJitterAndStopsGrowingAtFiveSeconds() {
    for (int i = 0; i < 200; i++) {
      long first = policy.backoffMillis(1);
      long third = policy.backoffMillis(3);
      long late = policy.backoffMillis(30);
      assertTrue(first >= 100 && first <= 200, "attempt 1: " + first);
      assertTrue(third >= 400 && third <= 800, "attempt 3: " + third);
      assertTrue(late >= 2_500 && late <= 5_000, "attempt 30: " + late);
    }
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDateWinsOverTheBackoff() {
    assertEquals(7_000, policy.retryAfterMillis("7", 1));
    assertEquals(0, policy.retryAfterMillis("-3", 1), "never a negative wait");
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    long wait = policy.retryAfterMillis(inTenSeconds, 1);
    assertTrue(wait > 8_000 && wait <= 10_000, "HTTP date: " + wait);
    long fallback = policy.retryAfterMillis("soon", 1);
    assertTrue(fallback >= 100 && fallback <= 200, "unreadable: the backoff, " + fallback);
  }

  @Test
  void aPauseThatWouldEndPastTheDeadlineIsNotTaken() {
    FakeClock clock = new FakeClock(Instant.EPOCH);
    long deadline = clock.nanoTime() + 1_000_000_000L;
    assertFalse(policy.pause(1_000, deadline, clock::nanoTime));
    assertTrue(policy.pause(1, deadline, clock::nanoTime));
  }

  @Test
  void anInterruptedThreadGivesUpAtOnceAndKeepsItsInterrupt() {
    FakeClock clock = new FakeClock(Instant.EPOCH);
    Thread.currentThread().interrupt();
    try {
      assertFalse(policy.pause(1, clock.nanoTime() + 60_000_000_000L, clock::nanoTime));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void atLeastOneAttemptIsMade() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0));
  }
}
