package dev.syncmetrics.internal.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.IndependentHmac;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  static final long NOW = 1_763_719_200L;
  static final Instant CLOCK = Instant.ofEpochSecond(NOW);

  static UnaryOperator<String> headers(String... pairs) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map::get;
  }

  WebhookVerifier.Builder verifier() {
    return WebhookVerifier.builder().secret("s3cret");
  }

  @Test
  void acceptsWhatTheReporterSigns() {
    String sig = IndependentHmac.timestamped(SECRET, NOW - 299, BODY);

    assertEquals(
        Optional.empty(),
        verifier()
            .build()
            .problem(
                headers(
                    "x-syncmetrics-signature",
                    sig,
                    "X-Syncmetrics-Timestamp",
                    Long.toString(NOW - 299)),
                BODY,
                CLOCK));
  }

  @Test
  void refusesATimestampJustOutsideFiveMinutes() {
    String sig = IndependentHmac.timestamped(SECRET, NOW - 301, BODY);

    Optional<String> problem =
        verifier()
            .build()
            .problem(
                headers(
                    "X-Syncmetrics-Signature",
                    sig,
                    "X-Syncmetrics-Timestamp",
                    Long.toString(NOW - 301)),
                BODY,
                CLOCK);
    assertTrue(problem.orElseThrow().contains("more than 5 minutes"));
  }

  @Test
  void refusesATimestampThatWasNotSigned() {
    String sig = IndependentHmac.timestamped(SECRET, NOW - 10, BODY);

    Optional<String> problem =
        verifier()
            .build()
            .problem(
                headers(
                    "X-Syncmetrics-Signature", sig, "X-Syncmetrics-Timestamp", Long.toString(NOW)),
                BODY,
                CLOCK);
    assertTrue(problem.orElseThrow().contains("does not match"));
  }

  @Test
  void sha1SignsTheBodyAloneInAConfigurableHeader() {
    String hex = IndependentHmac.hex("HmacSHA1", SECRET, BODY);
    WebhookVerifier v = verifier().scheme(SignatureScheme.SHA1).header("X-Hub-Signature").build();

    assertEquals(
        Optional.empty(), v.problem(headers("X-Hub-Signature", "sha1=" + hex), BODY, CLOCK));
    assertEquals(
        Optional.empty(),
        v.problem(headers("X-Hub-Signature", "SHA1=" + hex.toUpperCase()), BODY, CLOCK));
    assertTrue(
        v.problem(headers("X-Hub-Signature", "sha1=" + hex), "{}".getBytes(), CLOCK).isPresent());
    assertTrue(
        v.problem(headers("X-Hub-Signature", hex), BODY, CLOCK).orElseThrow().contains("sha1="));
  }

  @Test
  void plainCarriesTheSecretItselfWithAnOptionalPrefix() {
    WebhookVerifier v = verifier().scheme(SignatureScheme.PLAIN).header("X-Gitlab-Token").build();
    WebhookVerifier prefixed =
        verifier().scheme(SignatureScheme.PLAIN).header("Authorization").prefix("Token ").build();

    assertEquals(Optional.empty(), v.problem(headers("X-Gitlab-Token", "s3cret"), BODY, CLOCK));
    assertTrue(v.problem(headers("X-Gitlab-Token", "s3cre"), BODY, CLOCK).isPresent());
    assertEquals(
        Optional.empty(), prefixed.problem(headers("Authorization", "Token s3cret"), BODY, CLOCK));
  }

  @Test
  void problemsNeverContainTheSecretOrTheExpectedSignature() {
    String expected = IndependentHmac.timestamped(SECRET, NOW, BODY);
    for (SignatureScheme a : SignatureScheme.values()) {
      String problem =
          verifier()
              .scheme(a)
              .build()
              .problem(
                  headers(
                      "X-Syncmetrics-Signature",
                      a.defaultPrefix() + "00",
                      "X-Syncmetrics-Timestamp",
                      Long.toString(NOW)),
                  BODY,
                  CLOCK)
              .orElseThrow();
      assertTrue(!problem.contains("s3cret") && !problem.contains(expected.substring(7)), problem);
    }
  }

  @Test
  void algorithmsParseByNameAndRefuseOthers() {
    assertEquals(SignatureScheme.SHA1, SignatureScheme.parse("SHA1"));
    assertEquals(SignatureScheme.SYNCMETRICS, SignatureScheme.parse(" syncmetrics "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SignatureScheme.parse("md5"));
    assertTrue(e.getMessage().contains("syncmetrics, sha256, sha1, plain"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> WebhookVerifier.builder().secret("").build());
  }

  @Test
  void sha256IsTheVendorsHmacOfTheBodyInGitHubsHeader() {
    String hex = IndependentHmac.hex("HmacSHA256", SECRET, BODY);
    WebhookVerifier v =
        verifier().scheme(SignatureScheme.SHA256).header("X-Hub-Signature-256").build();

    assertEquals(
        Optional.empty(), v.problem(headers("x-hub-signature-256", "sha256=" + hex), BODY, CLOCK));
    assertTrue(
        v.problem(headers("X-Hub-Signature-256", "sha256=" + hex), "{}".getBytes(), CLOCK)
            .isPresent());
    String timestamped = IndependentHmac.timestamped(SECRET, NOW, BODY);
    assertTrue(
        v.problem(
                headers(
                    "X-Hub-Signature-256",
                    timestamped,
                    "X-Syncmetrics-Timestamp",
                    Long.toString(NOW)),
                BODY,
                CLOCK)
            .isPresent(),
        "the timestamped signature is not the vendor's");
  }

  @Test
  void theReplayKeyOfATimestampedRequestIsItsSignatureInOneSpelling() {
    String sig = IndependentHmac.timestamped(SECRET, NOW, BODY);
    WebhookVerifier v = verifier().build();

    String key = v.replayKey(headers("X-Syncmetrics-Signature", sig));
    assertEquals(
        key,
        v.replayKey(
            headers("X-Syncmetrics-Signature", " SHA256=" + sig.substring(7).toUpperCase())));
    assertNotEquals(
        key,
        v.replayKey(
            headers(
                "X-Syncmetrics-Signature", IndependentHmac.timestamped(SECRET, NOW + 1, BODY))));
    assertEquals(
        null,
        verifier()
            .scheme(SignatureScheme.SHA256)
            .build()
            .replayKey(headers("X-Syncmetrics-Signature", sig)));
  }
}
