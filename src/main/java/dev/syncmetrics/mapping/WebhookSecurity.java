package dev.syncmetrics.mapping;

import java.util.List;

/**
 * The {@code security} of a webhook object as the catalog vendor exports it: how requests are
 * signed, and the jq path to the request's identifier that drops repeated deliveries.
 *
 * <pre>{@code
 * "security": {
 *   "secret": "${GITHUB_WEBHOOK_SECRET}",        // read from the environment at load
 *   "signatureHeaderName": "X-Hub-Signature-256",
 *   "signatureAlgorithm": "sha256",
 *   "signaturePrefix": "sha256=",
 *   "requestIdentifierPath": ".headers[\"x-github-delivery\"]"
 * }
 * }</pre>
 *
 * <p>{@link #toString()} never shows the secret.
 *
 * @param secret the secret, already read from the environment; null when requests are not checked
 * @param algorithm one of {@link #ALGORITHMS}
 * @param header the header carrying the signature
 * @param prefix the text before the signature in that header
 * @param requestIdentifierPath the jq expression, or null
 */
public record WebhookSecurity(
    String secret, String algorithm, String header, String prefix, String requestIdentifierPath) {
  /**
   * The vendor's {@code sha256}, {@code sha1} and {@code plain} (over the raw body), and {@code
   * syncmetrics} (the reporter's timestamped scheme).
   */
  public static final List<String> ALGORITHMS = List.of("sha256", "sha1", "plain", "syncmetrics");

  /** The signature header when the file names none. */
  public static final String DEFAULT_HEADER = "X-Syncmetrics-Signature";

  /** True when requests must carry a signature. */
  public boolean signed() {
    return secret != null;
  }

  @Override
  public String toString() {
    return "WebhookSecurity[secret="
        + (secret == null ? "none" : "***")
        + ", algorithm="
        + algorithm
        + ", header="
        + header
        + ", prefix="
        + prefix
        + ", requestIdentifierPath="
        + requestIdentifierPath
        + "]";
  }
}
