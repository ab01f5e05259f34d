package dev.syncmetrics.internal.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The syncmetrics webhook signature: the one implementation the reporter signs with and the catalog
 * verifies with (docs/payload.md).
 *
 * <pre>
 * X-Syncmetrics-Timestamp: 1763719200       (Unix seconds when the request was signed)
 * X-Syncmetrics-Signature: sha256=5f1c...   (hex HMAC-SHA256 of "timestamp.body")
 * </pre>
 *
 * <p>The signed text is the decimal timestamp, a full stop, then the raw body bytes. A request is
 * good when the HMAC matches (compared in constant time) and the timestamp is within {@link
 * #TOLERANCE} of the receiver's clock.
 *
 * <pre>{@code
 * WebhookSignature signature = new WebhookSignature(secret);
 * String header = signature.sign(now.getEpochSecond(), body);
 * Optional<String> problem = signature.problem(timestampHeader, hexAfterPrefix, body, Instant.now());
 * }</pre>
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Syncmetrics-Signature";
  public static final String TIMESTAMP_HEADER = "X-Syncmetrics-Timestamp";

  /** Carries {@code <event_id>:<kind_identifier>}, the same for every delivery of one payload. */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  public static final String PREFIX = "sha256=";

  /** How far a signed timestamp may be from the receiver's clock. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final Hmac hmac;

  /**
   * @param secret the shared secret's bytes (UTF-8 of the configured text); not empty
   */
  public WebhookSignature(byte[] secret) {
    this.hmac = Hmac.of(Hmac.SHA256, secret);
  }

  /** The signature header value, {@code sha256=<hex>}, for a body signed at a time. */
  public String sign(long timestampSeconds, byte[] body) {
    return PREFIX + hmac.hex((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII), body);
  }

  /**
   * What is wrong with a signed request, or empty when it is good: the timestamp must be a number
   * of seconds within {@link #TOLERANCE} of {@code now}, and {@code hex} the HMAC of the timestamp
   * and body. Messages never carry the secret or the expected signature.
   *
   * @param timestamp the {@value #TIMESTAMP_HEADER} header, null when absent
   * @param hex the signature as sent, without its {@code sha256=} prefix (any case)
   * @param now the receiver's clock
   */
  public Optional<String> problem(String timestamp, String hex, byte[] body, Instant now) {
    if (timestamp == null || timestamp.isBlank()) {
      return Optional.of("missing " + TIMESTAMP_HEADER + " header");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of(TIMESTAMP_HEADER + " is not a number of seconds");
    }
    String expected = sign(seconds, body).substring(PREFIX.length());
    if (!constantTimeEquals(hex.trim().toLowerCase(Locale.ROOT), expected)) {
      return Optional.of("the signature does not match the timestamp and body");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return Optional.of(
          TIMESTAMP_HEADER
              + " is more than 5 minutes from the receiver's clock"
              + " (replayed request or clocks out of sync)");
    }
    return Optional.empty();
  }

  /** Compares two texts in time that depends only on their lengths. */
  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
