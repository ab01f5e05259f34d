package dev.syncmetrics.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the way docs/payload.md says, written here from the JDK's {@link Mac} alone, so that tests
 * check the project's signature code against an independent one instead of against itself.
 */
public final class IndependentHmac {
  private IndependentHmac() {}

  /** Hex HMAC of {@code data} with {@code algorithm} ({@code HmacSHA256}, {@code HmacSHA1}). */
  public static String hex(String algorithm, byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      return HexFormat.of().formatHex(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
  public static String timestamped(byte[] secret, long timestampSeconds, byte[] body) {
    byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] text = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, text, 0, prefix.length);
    System.arraycopy(body, 0, text, prefix.length, body.length);
    return "sha256=" + hex("HmacSHA256", secret, text);
  }
}
