package dev.syncmetrics.internal.catalog;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.signature.Hmac;
import dev.syncmetrics.internal.signature.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Checks that a webhook request was signed with the shared secret, and, for {@link
 * SignatureAlgorithm#SHA256}, that it was signed within five minutes of the catalog's clock.
 *
 * <pre>{@code
 * SignatureVerifier v = SignatureVerifier.builder().secret("s3cret").build();
 * Optional<String> problem = v.problem(request::header, body);   // empty when the request is good
 * }</pre>
 *
 * <p>Problems are described without the secret or the expected signature.
 */
final class SignatureVerifier {
  /** How far a signed timestamp may be from the catalog's clock. */
  public static final Duration TOLERANCE = WebhookSignature.TOLERANCE;

  private final byte[] secret;
  private final WebhookSignature timestamped;
  private final Hmac sha1;
  private final String header;
  private final String prefix;
  private final SignatureAlgorithm algorithm;
  private final Clock clock;

  private SignatureVerifier(Builder b) {
    this.secret = b.secret;
    this.algorithm = b.algorithm;
    this.timestamped = new WebhookSignature(b.secret);
    this.sha1 = Hmac.of(Hmac.SHA1, b.secret);
    this.header = b.header == null ? WebhookSignature.SIGNATURE_HEADER : b.header;
    this.prefix = b.prefix == null ? algorithm.defaultPrefix() : b.prefix;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The header that carries the signature. */
  public String header() {
    return header;
  }

  /**
   * What is wrong with a request's signature, or empty when it is valid.
   *
   * @param headers looks up a request header by name (case-insensitive), null when absent
   */
  public Optional<String> problem(UnaryOperator<String> headers, byte[] body) {
    String value = headers.apply(header);
    if (value == null || value.isBlank()) {
      return Optional.of("missing " + header + " header");
    }
    value = value.trim();
    if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Optional.of(header + " must start with '" + prefix + "'");
    }
    String given = value.substring(prefix.length());
    switch (algorithm) {
      case PLAIN:
        return same(given, new String(secret, StandardCharsets.UTF_8))
            ? Optional.empty()
            : Optional.of(header + " does not match the webhook secret");
      case SHA1:
        return same(given.toLowerCase(Locale.ROOT), sha1.hex(body))
            ? Optional.empty()
            : Optional.of(header + " does not match the body");
      default:
        return timestamped.problem(
            headers.apply(WebhookSignature.TIMESTAMP_HEADER), given, body, clock.now());
    }
  }

  private static boolean same(String a, String b) {
    return WebhookSignature.constantTimeEquals(a, b);
  }

  /** Configures a {@link SignatureVerifier}. */
  public static final class Builder {
    private byte[] secret;
    private String header;
    private String prefix;
    private SignatureAlgorithm algorithm = SignatureAlgorithm.SHA256;
    private Clock clock = Clock.SYSTEM;

    private Builder() {}

    /** The shared secret (required, not empty). */
    public Builder secret(String secret) {
      requireNonNull(secret, "secret must not be null");
      this.secret = secret.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** The header carrying the signature; default {@code X-Syncmetrics-Signature}. */
    public Builder header(String header) {
      this.header = requireNonNull(header, "header must not be null");
      return this;
    }

    /** Text before the signature; default the algorithm's, such as {@code sha256=}. */
    public Builder prefix(String prefix) {
      this.prefix = requireNonNull(prefix, "prefix must not be null");
      return this;
    }

    /** Default {@link SignatureAlgorithm#SHA256}. */
    public Builder algorithm(SignatureAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm must not be null");
      return this;
    }

    /** The clock timestamps are checked against; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock must not be null");
      return this;
    }

    public SignatureVerifier build() {
      if (secret == null || secret.length == 0) {
        throw new IllegalArgumentException("a webhook secret is required and must not be empty");
      }
      if (header != null && header.isBlank()) {
        throw new IllegalArgumentException("signature header name must not be blank");
      }
      return new SignatureVerifier(this);
    }
  }
}
