package dev.syncmetrics.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What applying the mappings to one request has produced so far. Used by one thread; the lists and
 * the duplicate check are allocated when first needed (most requests make one entity).
 */
final class MappingRun {
  private final List<Entity> upserts = new ArrayList<>(2);
  private List<EntityUpdate> updates = List.of();
  private List<Deletion> deletes = List.of();
  private List<MappingError> errors = List.of();
  private EntityRef firstRef;
  private Origin firstOrigin;
  private Map<EntityRef, Origin> produced;
  private int filteredOut;
  private String requestIdentifier;

  void upsert(Entity entity) {
    upserts.add(entity);
  }

  void update(EntityUpdate update) {
    if (updates.isEmpty()) {
      updates = new ArrayList<>(2);
    }
    updates.add(update);
  }

  void delete(Deletion deletion) {
    if (deletes.isEmpty()) {
      deletes = new ArrayList<>(2);
    }
    deletes.add(deletion);
  }

  void error(MappingError error) {
    if (errors.isEmpty()) {
      errors = new ArrayList<>(4);
    }
    errors.add(error);
  }

  void filteredOut() {
    filteredOut++;
  }

  /** Which mapping (and item) produced an entity. */
  record Origin(String file, String path, int item) {
    @Override
    public String toString() {
      return file + " " + path + (item < 0 ? "" : " item " + item);
    }
  }

  /**
   * Claims an entity for the mapping at {@code origin}: returns null when it is the first of this
   * request to produce it, else the origin of the one that did (the first one wins).
   */
  Origin claim(EntityRef entity, Origin origin) {
    if (firstRef == null) {
      firstRef = entity;
      firstOrigin = origin;
      return null;
    }
    if (produced == null) {
      produced = new HashMap<>();
      produced.put(firstRef, firstOrigin);
    }
    return produced.putIfAbsent(entity, origin);
  }

  void requestIdentifier(String value) {
    requestIdentifier = value;
  }

  MappingResult result() {
    return new MappingResult(upserts, updates, deletes, filteredOut, errors, requestIdentifier);
  }
}
