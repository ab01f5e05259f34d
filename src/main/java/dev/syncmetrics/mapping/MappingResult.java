package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What applying every loaded mapping to one webhook request produced.
 *
 * <pre>{@code
 * MappingResult r = mappings.apply(body, headers, query);
 * r.upserts();    // entities to create or update, by identifier
 * r.deletes();    // entities to delete (with their dependents unless the mapping says otherwise)
 * }</pre>
 *
 * @param upserts entities to create or update, in mapping order
 * @param updates values to merge into every entity a search-query identifier matches
 * @param deletes entities that {@code delete} mappings remove
 * @param filteredOut how many times a mapping's {@code filter} rejected the request (or, with
 *     {@code itemsToParse}, an item of it)
 * @param errors mapping and validation errors; the other entities still come out
 * @param requestIdentifier what the webhook's {@code security.requestIdentifierPath} gave for this
 *     request, or null (none configured, or it gave null)
 */
public record MappingResult(
    List<Entity> upserts,
    List<EntityUpdate> updates,
    List<Deletion> deletes,
    int filteredOut,
    List<MappingError> errors,
    String requestIdentifier) {
  public MappingResult {
    upserts = List.copyOf(upserts);
    updates = List.copyOf(updates);
    deletes = List.copyOf(deletes);
    errors = List.copyOf(errors);
  }

  public boolean clean() {
    return errors.isEmpty();
  }

  /**
   * This result as JSON: {@code {"entities":[...],"deletes":[...],"filteredOut":n,"errors":[...]}},
   * each entity with blueprint, identifier, title, icon, team, properties and relations, each
   * delete with blueprint, identifier and deleteDependents, each error with file, path, entity and
   * message; {@code "updates"} (search-query identifiers) and {@code "requestIdentifier"} only when
   * there are some.
   */
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    ArrayNode entities = root.putArray("entities");
    for (Entity e : upserts) {
      entities.add(e.toJson());
    }
    if (!updates.isEmpty()) {
      ArrayNode list = root.putArray("updates");
      for (EntityUpdate u : updates) {
        list.add(u.toJson());
      }
    }
    ArrayNode deleted = root.putArray("deletes");
    for (Deletion d : deletes) {
      deleted
          .addObject()
          .put("blueprint", d.entity().blueprint())
          .put("identifier", d.entity().identifier())
          .put("deleteDependents", d.deleteDependents());
    }
    root.put("filteredOut", filteredOut);
    ArrayNode errorNodes = root.putArray("errors");
    for (MappingError error : errors) {
      errorNodes.add(error.toJson());
    }
    if (requestIdentifier != null) {
      root.put("requestIdentifier", requestIdentifier);
    }
    return root;
  }
}
