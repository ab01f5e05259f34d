package dev.syncmetrics.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.FakeClock;
import dev.syncmetrics.testing.IndependentHmac;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
  static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  static final long NOW = 1_763_719_200L;
  static final FakeClock CLOCK = new FakeClock(Instant.ofEpochSecond(NOW));

  static UnaryOperator<String> headers(String... pairs) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map::get;
  }

  SignatureVerifier.Builder verifier() {
    return SignatureVerifier.builder().secret("s3cret").clock(CLOCK);
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
                BODY));
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
                BODY);
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
                BODY);
    assertTrue(problem.orElseThrow().contains("does not match"));
  }

  @Test
  void sha1SignsTheBodyAloneInAConfigurableHeader() {
    String hex = IndependentHmac.hex("HmacSHA1", SECRET, BODY);
    SignatureVerifier v =
        verifier().algorithm(SignatureAlgorithm.SHA1).header("X-Hub-Signature").build();

    assertEquals(Optional.empty(), v.problem(headers("X-Hub-Signature", "sha1=" + hex), BODY));
    assertEquals(
        Optional.empty(), v.problem(headers("X-Hub-Signature", "SHA1=" + hex.toUpperCase()), BODY));
    assertTrue(v.problem(headers("X-Hub-Signature", "sha1=" + hex), "{}".getBytes()).isPresent());
    assertTrue(v.problem(headers("X-Hub-Signature", hex), BODY).orElseThrow().contains("sha1="));
  }

  @Test
  void plainCarriesTheSecretItselfWithAnOptionalPrefix() {
    SignatureVerifier v =
        verifier().algorithm(SignatureAlgorithm.PLAIN).header("X-Gitlab-Token").build();
    SignatureVerifier prefixed =
        verifier()
            .algorithm(SignatureAlgorithm.PLAIN)
            .header("Authorization")
            .prefix("Token ")
            .build();

    assertEquals(Optional.empty(), v.problem(headers("X-Gitlab-Token", "s3cret"), BODY));
    assertTrue(v.problem(headers("X-Gitlab-Token", "s3cre"), BODY).isPresent());
    assertEquals(
        Optional.empty(), prefixed.problem(headers("Authorization", "Token s3cret"), BODY));
  }

  @Test
  void problemsNeverContainTheSecretOrTheExpectedSignature() {
    String expected = IndependentHmac.timestamped(SECRET, NOW, BODY);
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      String problem =
          verifier()
              .algorithm(a)
              .build()
              .problem(
                  headers(
                      "X-Syncmetrics-Signature",
                      a.defaultPrefix() + "00",
                      "X-Syncmetrics-Timestamp",
                      Long.toString(NOW)),
                  BODY)
              .orElseThrow();
      assertTrue(!problem.contains("s3cret") && !problem.contains(expected.substring(7)), problem);
    }
  }

  @Test
  void algorithmsParseByNameAndRefuseOthers() {
    assertEquals(SignatureAlgorithm.SHA1, SignatureAlgorithm.parse("SHA1"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SignatureAlgorithm.parse("md5"));
    assertTrue(e.getMessage().contains("sha256, sha1 or plain"));
    assertThrows(
        IllegalArgumentException.class, () -> SignatureVerifier.builder().secret("").build());
  }
}
