package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.signature.SignatureScheme;
import dev.syncmetrics.internal.signature.WebhookVerifier;
import dev.syncmetrics.mapping.WebhookConfig;
import dev.syncmetrics.mapping.WebhookSecurity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which signature a webhook route requires: a vendor webhook object's own {@code security} when it
 * has a secret, else the catalog's ({@code --webhook-secret}), else none.
 *
 * <pre>{@code
 * WebhookSecurities securities = new WebhookSecurities(serverVerifier);
 * WebhookVerifier v = securities.verifier(config);   // null: unsigned requests are accepted
 * }</pre>
 */
final class WebhookSecurities {
  private final WebhookVerifier server;
  private final Map<String, WebhookVerifier> own = new ConcurrentHashMap<>();

  /**
   * @param server the catalog's verifier, or null when it has no webhook secret
   */
  WebhookSecurities(WebhookVerifier server) {
    this.server = server;
  }

  /** The verifier for a route; {@code config} is null for {@code /webhook} and unknown names. */
  WebhookVerifier verifier(WebhookConfig config) {
    if (config == null || config.security() == null || !config.security().signed()) {
      return server;
    }
    return own.computeIfAbsent(config.identifier(), id -> of(config.security()));
  }

  /** The verifier a webhook object's security asks for (checked when the mappings loaded). */
  static WebhookVerifier of(WebhookSecurity security) {
    return WebhookVerifier.builder()
        .secret(security.secret())
        .scheme(SignatureScheme.parse(security.algorithm()))
        .header(security.header())
        .prefix(security.prefix())
        .build();
  }
}
