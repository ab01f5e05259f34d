package dev.syncmetrics.internal.demo;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.internal.catalog.WebhookMappings;
import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.WebhookConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo's catalog serves: the webhook mappings and blueprints of {@code mappings/} (which
 * turn the reporter's payloads into {@code integration} and {@code integration_kind_metrics}
 * entities), plus the sample integration's own blueprints, so its entities can be written through
 * the entity API.
 *
 * <pre>{@code
 * WebhookMappings served = DemoMappings.of(WebhookMappings.load(dir), sampleBlueprints);
 * }</pre>
 */
public final class DemoMappings implements WebhookMappings {
  private final WebhookMappings webhooks;
  private final Map<String, Blueprint> blueprints;

  private DemoMappings(WebhookMappings webhooks, Map<String, Blueprint> blueprints) {
    this.webhooks = webhooks;
    this.blueprints = blueprints;
  }

  /**
   * @throws IllegalArgumentException when a sample blueprint has the identifier of one in {@code
   *     webhooks}
   */
  public static DemoMappings of(WebhookMappings webhooks, Map<String, Blueprint> sample) {
    requireNonNull(webhooks, "webhooks must not be null");
    requireNonNull(sample, "sample must not be null");
    Map<String, Blueprint> all = new LinkedHashMap<>(webhooks.blueprints());
    for (Blueprint b : sample.values()) {
      if (all.putIfAbsent(b.identifier(), b) != null) {
        throw new IllegalArgumentException(
            "the sample's blueprint '"
                + b.identifier()
                + "' clashes with one in the mappings directory");
      }
    }
    return new DemoMappings(webhooks, Collections.unmodifiableMap(all));
  }

  @Override
  public Map<String, Blueprint> blueprints() {
    return blueprints;
  }

  @Override
  public Optional<Mapper> webhook(String name) {
    return webhooks.webhook(name);
  }

  @Override
  public Optional<WebhookConfig> config(String name) {
    return webhooks.config(name);
  }

  @Override
  public List<String> warnings() {
    return webhooks.warnings();
  }
}
