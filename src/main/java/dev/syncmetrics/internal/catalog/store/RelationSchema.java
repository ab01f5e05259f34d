package dev.syncmetrics.internal.catalog.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.mapping.Blueprint;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relations the blueprints declare, as the store needs them to resolve search-query relations
 * and to find the entities that depend on one being deleted.
 *
 * <pre>{@code
 * RelationSchema relations = RelationSchema.of(mappings.blueprints().values());
 * relations.pointingAt("integration");   // [kinds.integration -> integration]
 * }</pre>
 */
public final class RelationSchema {
  /** No relations: nothing to resolve, no dependents. */
  public static final RelationSchema NONE = new RelationSchema(Map.of());

  /** One relation: the blueprint that declares it, its name, its target, and whether many. */
  public record Relation(String blueprint, String name, String target, boolean many) {}

  private final Map<String, Map<String, Relation>> byBlueprint;

  private RelationSchema(Map<String, Map<String, Relation>> byBlueprint) {
    this.byBlueprint = byBlueprint;
  }

  /** Reads {@code relations.<name>.target} and {@code .many} of each blueprint definition. */
  public static RelationSchema of(Collection<Blueprint> blueprints) {
    Map<String, Map<String, Relation>> all = new LinkedHashMap<>();
    for (Blueprint b : blueprints) {
      Map<String, Relation> own = new LinkedHashMap<>();
      b.definition()
          .path("relations")
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode target = e.getValue().path("target");
                if (target.isTextual()) {
                  own.put(
                      e.getKey(),
                      new Relation(
                          b.identifier(),
                          e.getKey(),
                          target.asText(),
                          e.getValue().path("many").asBoolean(false)));
                }
              });
      all.put(b.identifier(), Map.copyOf(own));
    }
    return new RelationSchema(Map.copyOf(all));
  }

  /** The relation {@code name} of {@code blueprint}, or null. */
  public Relation get(String blueprint, String name) {
    return byBlueprint.getOrDefault(blueprint, Map.of()).get(name);
  }

  /** Every relation whose target is {@code blueprint}. */
  public List<Relation> pointingAt(String blueprint) {
    return byBlueprint.values().stream()
        .flatMap(m -> m.values().stream())
        .filter(r -> r.target().equals(blueprint))
        .toList();
  }
}
