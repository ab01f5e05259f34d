package dev.syncmetrics.mapping;

import java.util.List;

/**
 * What applying every loaded mapping to one webhook request produced.
 *
 * @param upserts entities to create or update, in mapping order
 * @param deletes entities that {@code delete} mappings remove
 * @param filteredOut how many mappings' {@code filter} rejected the request
 * @param errors mapping and validation errors; the other entities still come out
 */
public record MappingResult(
    List<Entity> upserts, List<EntityRef> deletes, int filteredOut, List<MappingError> errors) {
  public MappingResult {
    upserts = List.copyOf(upserts);
    deletes = List.copyOf(deletes);
    errors = List.copyOf(errors);
  }

  public boolean clean() {
    return errors.isEmpty();
  }
}
