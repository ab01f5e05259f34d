package dev.syncmetrics.internal.signature;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC with one key, computed with one initialised {@link Mac} per thread: no provider lookup or
 * key set-up per message, and no copy of the message into one array. Thread-safe.
 *
 * <pre>{@code
 * Hmac hmac = Hmac.of(Hmac.SHA256, secret);
 * String hex = hmac.hex("1763719200.".getBytes(US_ASCII), body);   // the HMAC of both, in order
 * }</pre>
 */
public final class Hmac {
  public static final String SHA256 = "HmacSHA256";
  public static final String SHA1 = "HmacSHA1";

  private final String algorithm;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private Hmac(String algorithm, byte[] secret) {
    this.algorithm = algorithm;
    this.key = new SecretKeySpec(secret, algorithm);
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // an unknown algorithm fails here, not on the first message
  }

  /**
   * @param algorithm {@link #SHA256} or {@link #SHA1}
   * @param secret the key; must not be empty
   */
  public static Hmac of(String algorithm, byte[] secret) {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(secret, "secret must not be null");
    if (secret.length == 0) {
      throw new IllegalArgumentException("an HMAC secret must not be empty");
    }
    return new Hmac(algorithm, secret.clone());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot compute " + algorithm + ": " + e.getMessage(), e);
    }
  }

  /** The HMAC of the parts, one after the other, as lower-case hex. */
  public String hex(byte[]... parts) {
    Mac mac = macs.get();
    for (byte[] part : parts) {
      mac.update(part);
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }
}
