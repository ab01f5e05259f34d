package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Blueprints and webhook mappings loaded from a directory, every jq expression compiled once.
 *
 * <pre>{@code
 * Mappings mappings = Mappings.load(Path.of("mappings"));
 * MappingResult result = mappings.apply(payload, Map.of(), Map.of());
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Mappings {
  private Mappings() {}

  /**
   * Loads every blueprint and mapping JSON file in {@code dir}.
   *
   * @throws MappingLoadException naming the file, JSON path and cause of the first problems found
   */
  public static Mappings load(Path dir) {
    throw new UnsupportedOperationException("not yet built");
  }

  /** The blueprints by identifier. */
  public Map<String, Blueprint> blueprints() {
    throw new UnsupportedOperationException("not yet built");
  }

  /**
   * Applies every mapping to one webhook request. The jq input is {@code {"body": body, "headers":
   * headers, "queryParams": queryParams}}. Never throws for a bad payload: problems come back as
   * {@link MappingResult#errors()}.
   */
  public MappingResult apply(
      JsonNode body, Map<String, String> headers, Map<String, String> queryParams) {
    throw new UnsupportedOperationException("not yet built");
  }
}
