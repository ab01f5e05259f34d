package dev.syncmetrics.internal.signature;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Signs a request body the way one {@link SignatureScheme} says, for the reporter. Thread-safe.
 *
 * <pre>{@code
 * WebhookSigner signer = new WebhookSigner(SignatureScheme.SHA256, secret, null, null);
 * signer.sign(now.getEpochSecond(), body, request::header);
 * // X-Syncmetrics-Signature: sha256=<hex HMAC-SHA256(secret, body)>
 * }</pre>
 */
public final class WebhookSigner {
  private final SignatureScheme scheme;
  private final String header;
  private final String prefix;
  private final WebhookSignature timestamped;
  private final Hmac hmac;
  private final String plain;

  /**
   * @param secret the shared secret (UTF-8 of the configured text); not empty
   * @param header the signature header, or null for {@value WebhookSignature#SIGNATURE_HEADER}
   * @param prefix the text before the signature, or null for the scheme's default
   */
  public WebhookSigner(SignatureScheme scheme, byte[] secret, String header, String prefix) {
    this.scheme = Objects.requireNonNull(scheme, "scheme must not be null");
    Objects.requireNonNull(secret, "secret must not be null");
    if (secret.length == 0) {
      throw new IllegalArgumentException("a webhook secret must not be empty");
    }
    this.header = header == null ? WebhookSignature.SIGNATURE_HEADER : header;
    this.prefix = prefix == null ? scheme.defaultPrefix() : prefix;
    this.timestamped = scheme == SignatureScheme.SYNCMETRICS ? new WebhookSignature(secret) : null;
    this.hmac =
        switch (scheme) {
          case SHA256 -> Hmac.of(Hmac.SHA256, secret);
          case SHA1 -> Hmac.of(Hmac.SHA1, secret);
          default -> null;
        };
    this.plain = new String(secret, StandardCharsets.UTF_8);
  }

  public SignatureScheme scheme() {
    return scheme;
  }

  /** The header that carries the signature. */
  public String header() {
    return header;
  }

  /**
   * Hands {@code headers} the signature header (and, for {@link SignatureScheme#SYNCMETRICS}, the
   * timestamp header first) for {@code body} signed at {@code nowSeconds}.
   */
  public void sign(long nowSeconds, byte[] body, BiConsumer<String, String> headers) {
    switch (scheme) {
      case SYNCMETRICS -> {
        headers.accept(WebhookSignature.TIMESTAMP_HEADER, Long.toString(nowSeconds));
        String signed = timestamped.sign(nowSeconds, body);
        headers.accept(header, prefix + signed.substring(WebhookSignature.PREFIX.length()));
      }
      case SHA256, SHA1 -> headers.accept(header, prefix + hmac.hex(body));
      case PLAIN -> headers.accept(header, prefix + plain);
    }
  }

  @Override
  public String toString() {
    return "WebhookSigner[" + scheme.id() + " in " + header + "]"; // never the secret
  }
}
