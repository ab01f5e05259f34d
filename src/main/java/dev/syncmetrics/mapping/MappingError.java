package dev.syncmetrics.mapping;

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
  @Override
  public String toString() {
    return file + " " + path + (entity == null ? "" : " (entity " + entity + ")") + ": " + message;
  }
}
