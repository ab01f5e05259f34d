package dev.syncmetrics.internal.signature;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Checks a webhook request's signature the way one {@link SignatureScheme} says, for the catalog.
 * Problems are described without the secret or the expected signature. Thread-safe.
 *
 * <pre>{@code
 * WebhookVerifier v = WebhookVerifier.builder().secret("s3cret")
 *     .scheme(SignatureScheme.SHA256).header("X-Hub-Signature-256").build();
 * Optional<String> problem = v.problem(request::header, body, clock.now()); // empty when good
 * }</pre>
 */
public final class WebhookVerifier {
  private final SignatureScheme scheme;
  private final String header;
  private final String prefix;
  private final byte[] secret;
  private final WebhookSignature timestamped;
  private final Hmac hmac;

  private WebhookVerifier(Builder b) {
    this.scheme = b.scheme;
    this.header = b.header == null ? WebhookSignature.SIGNATURE_HEADER : b.header;
    this.prefix = b.prefix == null ? scheme.defaultPrefix() : b.prefix;
    this.secret = b.secret;
    this.timestamped = new WebhookSignature(b.secret);
    this.hmac =
        switch (scheme) {
          case SHA1 -> Hmac.of(Hmac.SHA1, b.secret);
          default -> Hmac.of(Hmac.SHA256, b.secret);
        };
  }

  public static Builder builder() {
    return new Builder();
  }

  public SignatureScheme scheme() {
    return scheme;
  }

  /** The header that carries the signature. */
  public String header() {
    return header;
  }

  /**
   * What is wrong with a request's signature, or empty when it is valid.
   *
   * @param headers looks up a request header by name (case-insensitive), null when absent
   * @param now the receiver's clock, for {@link SignatureScheme#SYNCMETRICS}'s timestamp
   */
  public Optional<String> problem(UnaryOperator<String> headers, byte[] body, Instant now) {
    String given = given(headers);
    if (given == null) {
      String value = headers.apply(header);
      return Optional.of(
          value == null || value.isBlank()
              ? "missing " + header + " header"
              : header + " must start with '" + prefix + "'");
    }
    switch (scheme) {
      case PLAIN:
        return WebhookSignature.constantTimeEquals(
                given, new String(secret, StandardCharsets.UTF_8))
            ? Optional.empty()
            : Optional.of(header + " does not match the webhook secret");
      case SHA256:
      case SHA1:
        return WebhookSignature.constantTimeEquals(given.toLowerCase(Locale.ROOT), hmac.hex(body))
            ? Optional.empty()
            : Optional.of(header + " does not match the body");
      default:
        return timestamped.problem(
            headers.apply(WebhookSignature.TIMESTAMP_HEADER), given, body, now);
    }
  }

  /**
   * For {@link SignatureScheme#SYNCMETRICS}: the signature of a request that {@link #problem}
   * accepted, in one spelling (lower-case hex). It is the same for every replay of that request,
   * whatever else a replay changes, and differs for every other body or timestamp; null for the
   * other schemes, whose signatures repeat for every identical body.
   */
  public String replayKey(UnaryOperator<String> headers) {
    if (!scheme.timestamped()) {
      return null;
    }
    String given = given(headers);
    return given == null ? null : scheme.id() + ":" + given.trim().toLowerCase(Locale.ROOT);
  }

  /** The header's value after the prefix, or null when absent or without the prefix. */
  private String given(UnaryOperator<String> headers) {
    String value = headers.apply(header);
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.trim();
    if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    return value.substring(prefix.length());
  }

  @Override
  public String toString() {
    return "WebhookVerifier[" + scheme.id() + " in " + header + "]"; // never the secret
  }

  /** Configures a {@link WebhookVerifier}. */
  public static final class Builder {
    private byte[] secret;
    private String header;
    private String prefix;
    private SignatureScheme scheme = SignatureScheme.SYNCMETRICS;

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

    /** Text before the signature; default the scheme's, such as {@code sha256=}. */
    public Builder prefix(String prefix) {
      this.prefix = requireNonNull(prefix, "prefix must not be null");
      return this;
    }

    /** Default {@link SignatureScheme#SYNCMETRICS}. */
    public Builder scheme(SignatureScheme scheme) {
      this.scheme = requireNonNull(scheme, "scheme must not be null");
      return this;
    }

    /**
     * @throws IllegalArgumentException for an empty secret or a blank header name
     */
    public WebhookVerifier build() {
      if (secret == null || secret.length == 0) {
        throw new IllegalArgumentException("a webhook secret is required and must not be empty");
      }
      if (header != null && header.isBlank()) {
        throw new IllegalArgumentException("signature header name must not be blank");
      }
      return new WebhookVerifier(this);
    }
  }
}
