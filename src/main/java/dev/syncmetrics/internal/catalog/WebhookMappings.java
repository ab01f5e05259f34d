package dev.syncmetrics.internal.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.MappingResult;
import dev.syncmetrics.mapping.Mappings;
import dev.syncmetrics.mapping.WebhookConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the catalog needs from the mapping engine: the blueprints, and the mappings to apply to each
 * webhook route ({@code /webhook} and {@code /webhook/{name}}).
 *
 * <pre>{@code
 * WebhookMappings mappings = WebhookMappings.load(Path.of("mappings"));
 * }</pre>
 */
public interface WebhookMappings {
  /** Applies the mappings of one route to one request; problems come back in the result. */
  @FunctionalInterface
  interface Mapper {
    MappingResult apply(JsonNode body, Map<String, String> headers, Map<String, String> query);
  }

  /** The blueprints by identifier. */
  Map<String, Blueprint> blueprints();

  /**
   * The mapper of {@code /webhook} (every file of mappings) when {@code name} is null, else of
   * {@code /webhook/{name}} (only {@code webhooks/<name>.json}, or the vendor webhook object with
   * that identifier); empty when there is no such webhook.
   */
  Optional<Mapper> webhook(String name);

  /**
   * How {@code /webhook/{name}} is served (enabled, its own security), when the mappings say; empty
   * for a name without a webhook, and by default.
   */
  default Optional<WebhookConfig> config(String name) {
    return Optional.empty();
  }

  /** What the mapping files hold that the catalog ignores (see {@link Mappings#warnings()}). */
  default List<String> warnings() {
    return List.of();
  }

  /** Loads {@code mappings/blueprints/*.json} and {@code mappings/webhooks/*.json}. */
  static WebhookMappings load(Path dir) {
    return of(Mappings.load(requireNonNull(dir, "dir must not be null")));
  }

  /** The catalog's view of loaded {@link Mappings}. */
  static WebhookMappings of(Mappings mappings) {
    requireNonNull(mappings, "mappings must not be null");
    return new WebhookMappings() {
      @Override
      public Map<String, Blueprint> blueprints() {
        return mappings.blueprints();
      }

      @Override
      public Optional<Mapper> webhook(String name) {
        if (name == null) {
          return Optional.of(mappings::apply);
        }
        return mappings.webhook(name).map(only -> only::apply);
      }

      @Override
      public Optional<WebhookConfig> config(String name) {
        return mappings.webhookConfig(name);
      }

      @Override
      public List<String> warnings() {
        return mappings.warnings();
      }
    };
  }
}
