package dev.syncmetrics.internal.signature;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a webhook request is signed. {@link #SYNCMETRICS} is ours (a signed timestamp stops replays);
 * the other three are the catalog vendor's {@code signatureAlgorithm} values, over the raw body
 * alone, as GitHub signs ({@code X-Hub-Signature-256: sha256=<hex>}).
 *
 * <pre>{@code
 * SignatureScheme scheme = SignatureScheme.parse("sha256");   // the vendor's: HMAC of the body
 * }</pre>
 */
public enum SignatureScheme {
  /**
   * Hex HMAC-SHA256 of {@code timestamp + "." + body}, with the timestamp in {@value
   * WebhookSignature#TIMESTAMP_HEADER}; valid for five minutes.
   */
  SYNCMETRICS("sha256="),
  /** Hex HMAC-SHA256 of the body (the vendor's {@code sha256}, GitHub's X-Hub-Signature-256). */
  SHA256("sha256="),
  /** Hex HMAC-SHA1 of the body (the vendor's {@code sha1}, GitHub's X-Hub-Signature). */
  SHA1("sha1="),
  /** The header carries the secret itself (the vendor's {@code plain}). */
  PLAIN("");

  private final String defaultPrefix;

  SignatureScheme(String defaultPrefix) {
    this.defaultPrefix = defaultPrefix;
  }

  /** The name used in settings and files: {@code syncmetrics}, {@code sha256}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The text before the signature when none is configured, such as {@code sha256=}. */
  public String defaultPrefix() {
    return defaultPrefix;
  }

  /** True when the request carries a signed timestamp (and so cannot be replayed later). */
  public boolean timestamped() {
    return this == SYNCMETRICS;
  }

  /** The names {@link #parse} accepts, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(SignatureScheme::id).toList());
  }

  /**
   * Reads {@code syncmetrics}, {@code sha256}, {@code sha1} or {@code plain} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static SignatureScheme parse(String name) {
    if (name != null) {
      for (SignatureScheme s : values()) {
        if (s.id().equalsIgnoreCase(name.trim())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "signature algorithm must be one of " + names() + ", not '" + name + "'");
  }
}
