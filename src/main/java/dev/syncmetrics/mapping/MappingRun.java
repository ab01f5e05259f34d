package dev.syncmetrics.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What applying the mappings to one request has produced so far. Used by one thread. */
final class MappingRun {
  private final List<Entity> upserts = new ArrayList<>();
  private final List<EntityRef> deletes = new ArrayList<>();
  private final List<MappingError> errors = new ArrayList<>();
  private final Map<EntityRef, String> produced = new HashMap<>();
  private int filteredOut;

  void upsert(Entity entity) {
    upserts.add(entity);
  }

  void delete(EntityRef ref) {
    deletes.add(ref);
  }

  void error(MappingError error) {
    errors.add(error);
  }

  void filteredOut() {
    filteredOut++;
  }

  /**
   * Claims an entity for the mapping field at {@code origin}: returns null when it is the first of
   * this request to produce it, else the origin of the one that did (the first one wins).
   */
  String claim(EntityRef entity, String origin) {
    return produced.putIfAbsent(entity, origin);
  }

  MappingResult result() {
    return new MappingResult(upserts, deletes, filteredOut, errors);
  }
}
