package dev.syncmetrics.internal.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.IndependentHmac;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY =
      "{\"kind_identifier\":\"repository-12\"}".getBytes(StandardCharsets.UTF_8);
  private static final long NOW = 1_763_719_200L;
  private final WebhookSignature signature = new WebhookSignature(SECRET);

  private static String hex(String header) {
    return header.substring(WebhookSignature.PREFIX.length());
  }

  @Test
  void signsTheTimestampAFullStopAndTheBodyAsTheDocsSay() {
    assertEquals(IndependentHmac.timestamped(SECRET, NOW, BODY), signature.sign(NOW, BODY));
  }

  @Test
  void aGoodSignatureWithinFiveMinutesHasNoProblem() {
    String sent = signature.sign(NOW - 299, BODY);
    assertEquals(
        Optional.empty(),
        signature.problem(Long.toString(NOW - 299), hex(sent), BODY, Instant.ofEpochSecond(NOW)));
    assertEquals(
        Optional.empty(),
        signature.problem(
            Long.toString(NOW - 299),
            hex(sent).toUpperCase(),
            BODY,
            Instant.ofEpochSecond(NOW - 598)));
  }

  @Test
  void aTimestampMoreThanFiveMinutesAwayIsRejectedEvenWithTheRightHmac() {
    String old = signature.sign(NOW - 301, BODY);
    String future = signature.sign(NOW + 301, BODY);
    Instant now = Instant.ofEpochSecond(NOW);

    assertTrue(
        signature
            .problem(Long.toString(NOW - 301), hex(old), BODY, now)
            .orElseThrow()
            .contains("more than 5 minutes"));
    assertTrue(
        signature.problem(Long.toString(NOW + 301), hex(future), BODY, now).isPresent(),
        "a timestamp from the future is as suspect as an old one");
  }

  @Test
  void anotherBodyTimestampOrSecretDoesNotMatch() {
    String sent = signature.sign(NOW, BODY);
    Instant now = Instant.ofEpochSecond(NOW);

    assertTrue(signature.problem(Long.toString(NOW), hex(sent), "{}".getBytes(), now).isPresent());
    assertTrue(signature.problem(Long.toString(NOW - 1), hex(sent), BODY, now).isPresent());
    String other = new WebhookSignature("other".getBytes(StandardCharsets.UTF_8)).sign(NOW, BODY);
    assertEquals(
        Optional.of("the signature does not match the timestamp and body"),
        signature.problem(Long.toString(NOW), hex(other), BODY, now));
  }

  @Test
  void aMissingOrMalformedTimestampIsNamed() {
    Instant now = Instant.ofEpochSecond(NOW);
    String sent = hex(signature.sign(NOW, BODY));
    assertEquals(
        Optional.of("missing X-Syncmetrics-Timestamp header"),
        signature.problem(null, sent, BODY, now));
    assertEquals(
        Optional.of("X-Syncmetrics-Timestamp is not a number of seconds"),
        signature.problem("yesterday", sent, BODY, now));
  }

  @Test
  void problemsNeverCarryTheSecretOrTheExpectedSignature() {
    String expected = hex(signature.sign(NOW, BODY));
    Instant now = Instant.ofEpochSecond(NOW);
    for (String given : List.of("00", expected.substring(1), "")) {
      String problem = signature.problem(Long.toString(NOW), given, BODY, now).orElseThrow();
      assertFalse(problem.contains("s3cret"), problem);
      assertFalse(problem.contains(expected), problem);
    }
  }

  @Test
  void aReusedMacCarriesNothingOverFromTheLastBody() {
    byte[] first = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    signature.sign(1L, first);
    assertEquals(IndependentHmac.timestamped(SECRET, 2L, second), signature.sign(2L, second));
    assertNotEquals(signature.sign(2L, first), signature.sign(2L, second));
  }

  @Test
  void signsCorrectlyFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long ts = i;
        byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        checks.add(
            pool.submit(
                () ->
                    signature
                        .sign(ts, body)
                        .equals(IndependentHmac.timestamped(SECRET, ts, body))));
      }
      for (Future<Boolean> check : checks) {
        assertTrue(check.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEmptySecretIsAMistakeNamedAtOnce() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(new byte[0]));
    assertTrue(e.getMessage().contains("must not be empty"));
  }
}
