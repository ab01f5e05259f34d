package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mapping that could not be applied to one payload (or one item of it), or an entity that does
 * not fit its blueprint.
 *
 * @param file the mapping file, as given when loaded (for example {@code
 *     mappings/kind-metrics.json})
 * @param path the JSON path of the offending field in that file, such as {@code
 *     [0].entity.properties.duration}
 * @param entity the identifier of the entity concerned, or null when it is not known
 * @param message what went wrong, in words a user can act on (jq's message, the expected type)
 */
public record MappingError(String file, String path, String entity, String message) {
  /**
   * This error as JSON, the one shape the catalog's webhook answer and the {@code map} command
   * show: {@code {"file", "path", "entity", "message"}} in that order.
   */
  public ObjectNode toJson() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("file", file)
        .put("path", path)
        .put("entity", entity)
        .put("message", message);
  }

  @Override
  public String toString() {
    return file + " " + path + (entity == null ? "" : " (entity " + entity + ")") + ": " + message;
  }
}
