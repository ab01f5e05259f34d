package dev.syncmetrics.internal.catalog;

import java.util.Locale;

/**
 * How webhook requests are signed. {@link #SHA256} is the syncmetrics scheme (see {@link
 * dev.syncmetrics.internal.signature.WebhookSignature}); the other two exist for senders that sign
 * like other catalog vendors.
 */
enum SignatureAlgorithm {
  /** Hex HMAC-SHA256 of {@code timestamp + "." + body}; a timestamp header is required. */
  SHA256("sha256="),
  /** Hex HMAC-SHA1 of the body alone (no timestamp). */
  SHA1("sha1="),
  /** The header carries the secret itself (no timestamp, no HMAC). */
  PLAIN("");

  private final String defaultPrefix;

  SignatureAlgorithm(String defaultPrefix) {
    this.defaultPrefix = defaultPrefix;
  }

  /** The prefix before the signature when none is configured, such as {@code sha256=}. */
  public String defaultPrefix() {
    return defaultPrefix;
  }

  /** Reads {@code sha256}, {@code sha1} or {@code plain} (any case). */
  public static SignatureAlgorithm parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "signature algorithm must be sha256, sha1 or plain, not '" + name + "'", e);
    }
  }
}
