package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What applying every loaded mapping to one webhook request produced.
 *
 * @param upserts entities to create or update, in mapping order
 * @param deletes entities that {@code delete} mappings remove
 * @param filteredOut how many times a mapping's {@code filter} rejected the request (or, with
 *     {@code itemsToParse}, an item of it)
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

  /**
   * This result as JSON: {@code {"entities":[...],"deletes":[...],"filteredOut":n,"errors":[...]}},
   * each entity with blueprint, identifier, title, icon, team, properties and relations, each error
   * with file, path, entity and message.
   */
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    ArrayNode entities = root.putArray("entities");
    for (Entity e : upserts) {
      entities.add(e.toJson());
    }
    ArrayNode deleted = root.putArray("deletes");
    for (EntityRef ref : deletes) {
      deleted.addObject().put("blueprint", ref.blueprint()).put("identifier", ref.identifier());
    }
    root.put("filteredOut", filteredOut);
    ArrayNode errorNodes = root.putArray("errors");
    for (MappingError error : errors) {
      errorNodes.add(error.toJson());
    }
    return root;
  }
}
