package dev.syncmetrics;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook request is signed, so that a receiver can check it came from a reporter that holds
 * the shared secret and was not replayed.
 *
 * <p>The reporter sends two headers:
 *
 * <pre>
 * X-Syncmetrics-Timestamp: 1763719200                  (Unix seconds when the request was signed)
 * X-Syncmetrics-Signature: sha256=5f1c...              (hex HMAC-SHA256 of "timestamp.body")
 * </pre>
 *
 * <p>The signed text is the decimal timestamp, a full stop, then the raw request body bytes. A
 * receiver recomputes the HMAC with its secret, compares in constant time, and rejects a timestamp
 * more than five minutes away from its clock.
 *
 * <pre>{@code
 * String sig = WebhookSignature.sign(secret, timestamp, body);
 * boolean ok = WebhookSignature.verify(secret, timestamp, body, headerValue);
 * }</pre>
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Syncmetrics-Signature";
  public static final String TIMESTAMP_HEADER = "X-Syncmetrics-Timestamp";

  /** Carries {@code <event_id>:<kind_identifier>}, the same for every delivery of one payload. */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  public static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** Returns the signature header value, {@code sha256=<hex>}, for a body signed at a time. */
  public static String sign(byte[] secret, long timestampSeconds, byte[] body) {
    return PREFIX
        + HexFormat.of().formatHex(hmac("HmacSHA256", secret, signedText(timestampSeconds, body)));
  }

  /** True when {@code headerValue} is the signature of {@code body} at {@code timestampSeconds}. */
  public static boolean verify(
      byte[] secret, long timestampSeconds, byte[] body, String headerValue) {
    if (headerValue == null) {
      return false;
    }
    byte[] expected = sign(secret, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = headerValue.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  /** {@code timestamp + "." + body}: the bytes that are signed. */
  public static byte[] signedText(long timestampSeconds, byte[] body) {
    byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] text = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, text, 0, prefix.length);
    System.arraycopy(body, 0, text, prefix.length, body.length);
    return text;
  }

  /** The raw HMAC of {@code data} with {@code algorithm} ({@code HmacSHA256}, {@code HmacSHA1}). */
  public static byte[] hmac(String algorithm, byte[] secret, byte[] data) {
    Objects.requireNonNull(secret, "secret must not be null");
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalArgumentException("cannot compute " + algorithm + ": " + e.getMessage(), e);
    }
  }
}
