package dev.syncmetrics.mapping;

import java.util.Objects;

/**
 * One webhook of a mappings directory: where it is served and how it is guarded.
 *
 * <pre>{@code
 * WebhookConfig w = mappings.webhookConfig("pullRequestMapper").orElseThrow();
 * w.enabled();      // false: the catalog answers 404 at /webhook/pullRequestMapper
 * w.security();     // the vendor's security object, or null
 * }</pre>
 *
 * @param identifier the name in {@code /webhook/{identifier}}: the vendor object's {@code
 *     identifier}, or the file name without {@code .json} for a file of mappings
 * @param file the file it was loaded from, as shown in errors
 * @param vendorObject true when the file holds the vendor's webhook object (served only at its own
 *     path), false for a mapping or an array of them (also applied by {@code POST /webhook})
 * @param enabled false when the object says {@code "enabled": false}
 * @param security the object's {@code security}, or null when it has none
 */
public record WebhookConfig(
    String identifier,
    String file,
    boolean vendorObject,
    boolean enabled,
    WebhookSecurity security) {
  public WebhookConfig {
    Objects.requireNonNull(identifier, "identifier must not be null");
    Objects.requireNonNull(file, "file must not be null");
  }
}
