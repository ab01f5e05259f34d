package dev.syncmetrics.mapping;

import static dev.syncmetrics.mapping.JqField.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One mapping of a webhook file, every expression compiled. Applying it to a request adds its
 * entities, deletions, filtered-out count and errors to a {@link MappingRun}.
 *
 * <p>What a failure costs: a failing {@code filter}, {@code itemsToParse} or {@code identifier} (or
 * a missing required property) drops the entity; a failing or misfitting {@code title}, {@code
 * icon}, {@code team}, property or relation drops only that field. Every failure is reported.
 */
final class CompiledMapping {
  enum Operation {
    CREATE,
    DELETE
  }

  record PropertyField(String name, JqField field, BlueprintSchema.Property spec) {}

  /** A relation given by a jq expression ({@code field}) or by a search query ({@code query}). */
  record RelationField(
      String name,
      JqField field,
      CompiledQuery query,
      String path,
      BlueprintSchema.Relation spec) {}

  private final String file;
  private final BlueprintSchema schema;
  private final Operation operation;
  private final boolean deleteDependents;
  private final JqField filter;
  private final JqField items;
  private final JqField identifier;
  private final CompiledQuery identifierQuery;
  private final String identifierPath;
  private final JqField title;
  private final JqField icon;
  private final JqField team;
  private final List<PropertyField> properties;
  private final List<RelationField> relations;

  CompiledMapping(
      String file,
      BlueprintSchema schema,
      Operation operation,
      boolean deleteDependents,
      JqField filter,
      JqField items,
      JqField identifier,
      CompiledQuery identifierQuery,
      String identifierPath,
      JqField title,
      JqField icon,
      JqField team,
      List<PropertyField> properties,
      List<RelationField> relations) {
    this.file = file;
    this.schema = schema;
    this.operation = operation;
    this.deleteDependents = deleteDependents;
    this.filter = filter;
    this.items = items;
    this.identifier = identifier;
    this.identifierQuery = identifierQuery;
    this.identifierPath = identifierPath;
    this.title = title;
    this.icon = icon;
    this.team = team;
    this.properties = List.copyOf(properties);
    this.relations = List.copyOf(relations);
  }

  String file() {
    return file;
  }

  void apply(ObjectNode input, MappingRun run) {
    if (items == null) {
      applyOne(input, -1, run);
      return;
    }
    JsonNode list;
    try {
      list = value(items, input);
    } catch (JqField.Failure f) {
      run.error(new MappingError(file, items.path(), null, f.getMessage()));
      return;
    }
    if (list.isNull()) {
      return; // no list, no items
    }
    if (!list.isArray()) {
      run.error(
          new MappingError(
              file,
              items.path(),
              null,
              "itemsToParse must give an array, not " + JqValues.describe(list)));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      ObjectNode itemInput = JsonNodeFactory.instance.objectNode();
      input.fields().forEachRemaining(e -> itemInput.set(e.getKey(), e.getValue()));
      itemInput.set("item", list.get(i));
      applyOne(itemInput, i, run);
    }
  }

  /** Applies the mapping to one input; {@code index} is the item's index, -1 without items. */
  private void applyOne(ObjectNode input, int index, MappingRun run) {
    String item = index < 0 ? "" : "item " + index + ": ";
    if (filter != null) {
      try {
        if (!JqValues.truthy(value(filter, input))) {
          run.filteredOut();
          return;
        }
      } catch (JqField.Failure f) {
        run.error(new MappingError(file, filter.path(), null, item + f.getMessage()));
        return;
      }
    }
    if (identifierQuery != null) {
      update(input, item, run);
      return;
    }
    String id;
    try {
      JsonNode value = value(identifier, input);
      if (!value.isTextual() || value.textValue().isEmpty()) {
        throw new JqField.Failure(
            "identifier must be a non-empty string, not " + JqValues.describe(value));
      }
      id = value.textValue();
    } catch (JqField.Failure f) {
      run.error(new MappingError(file, identifier.path(), null, item + f.getMessage()));
      return;
    }
    if (operation == Operation.DELETE) {
      if (claim(id, index, item, run)) {
        run.delete(Deletion.of(schema.blueprint(), id, deleteDependents));
      }
      return;
    }
    String titleText = text(title, input, id, item, run, "title");
    String iconText = text(icon, input, id, item, run, "icon");
    String teamText = text(team, input, id, item, run, "team");
    ObjectNode props = JsonNodeFactory.instance.objectNode();
    boolean complete = properties(input, id, item, run, props);
    ObjectNode rels = relations(input, id, item, run);
    if (complete && claim(id, index, item, run)) {
      run.upsert(new Entity(schema.blueprint(), id, titleText, iconText, teamText, props, rels));
    }
  }

  /**
   * An identifier given as a search query: what to merge into every entity it matches when the
   * catalog writes. Entities are never created this way, so nothing is claimed.
   */
  private void update(ObjectNode input, String item, MappingRun run) {
    SearchQuery query;
    try {
      query = identifierQuery.evaluate(input);
    } catch (JqField.Failure f) {
      run.error(new MappingError(file, identifierPath, null, item + f.getMessage()));
      return;
    }
    String titleText = text(title, input, null, item, run, "title");
    String iconText = text(icon, input, null, item, run, "icon");
    String teamText = text(team, input, null, item, run, "team");
    ObjectNode props = JsonNodeFactory.instance.objectNode();
    if (properties(input, null, item, run, props)) {
      run.update(
          new EntityUpdate(
              schema.blueprint(),
              query,
              titleText,
              iconText,
              teamText,
              props,
              relations(input, null, item, run)));
    }
  }

  /**
   * Adds the properties that evaluate and fit to {@code props}; false when a required one fails
   * (the entity is then dropped, since a new one could not be created without it).
   */
  private boolean properties(
      ObjectNode input, String id, String item, MappingRun run, ObjectNode props) {
    boolean complete = true;
    for (PropertyField p : properties) {
      Optional<JsonNode> v = fieldValue(p.field(), input, id, item, run);
      if (v.isEmpty()) {
        complete &= !schema.isRequired(p.name());
        continue;
      }
      Optional<String> misfit = schema.check(p.spec(), v.get());
      if (misfit.isPresent()) {
        run.error(new MappingError(file, p.field().path(), id, item + misfit.get()));
        complete &= !schema.isRequired(p.name());
        continue;
      }
      if (v.get().isNull() && schema.isRequired(p.name())) {
        run.error(
            new MappingError(
                file,
                p.field().path(),
                id,
                item
                    + "required property "
                    + p.name()
                    + " of blueprint "
                    + schema.blueprint()
                    + " is null; the entity is not upserted"));
        complete = false;
        continue;
      }
      props.set(p.name(), v.get());
    }
    return complete;
  }

  /**
   * The relations that evaluate and fit; a search query becomes its JSON, which the catalog
   * resolves against its store when it writes.
   */
  private ObjectNode relations(ObjectNode input, String id, String item, MappingRun run) {
    ObjectNode rels = JsonNodeFactory.instance.objectNode();
    for (RelationField r : relations) {
      if (r.query() != null) {
        try {
          rels.set(r.name(), r.query().evaluate(input).toJson());
        } catch (JqField.Failure f) {
          run.error(new MappingError(file, r.path(), id, item + f.getMessage()));
        }
        continue;
      }
      fieldValue(r.field(), input, id, item, run)
          .ifPresent(
              v -> {
                Optional<String> misfit = checkRelation(r.spec(), v);
                if (misfit.isPresent()) {
                  run.error(new MappingError(file, r.field().path(), id, item + misfit.get()));
                } else {
                  rels.set(r.name(), v);
                }
              });
    }
    return rels;
  }

  /** False, with an error, when an earlier mapping or item of the request produced {@code id}. */
  private boolean claim(String id, int index, String item, MappingRun run) {
    MappingRun.Origin earlier =
        run.claim(
            new EntityRef(schema.blueprint(), id),
            new MappingRun.Origin(file, identifierPath, index));
    if (earlier == null) {
      return true;
    }
    run.error(
        new MappingError(
            file,
            identifierPath,
            id,
            item
                + "duplicate identifier "
                + id
                + " of blueprint "
                + schema.blueprint()
                + " in one payload (first produced by "
                + earlier
                + "); this one is dropped"));
    return false;
  }

  private static Optional<String> checkRelation(BlueprintSchema.Relation spec, JsonNode value) {
    if (value.isNull() || (!spec.many() && value.isTextual())) {
      return Optional.empty();
    }
    if (spec.many() && value.isArray()) {
      for (JsonNode id : value) {
        if (!id.isTextual()) {
          return Optional.of(
              "relation "
                  + spec.name()
                  + " holds identifiers of "
                  + spec.target()
                  + " entities, but an item is "
                  + JqValues.describe(id));
        }
      }
      return Optional.empty();
    }
    return Optional.of(
        "relation "
            + spec.name()
            + " expects "
            + (spec.many() ? "an array of identifiers" : "one identifier (a string)")
            + " of "
            + spec.target()
            + " entities, not "
            + JqValues.describe(value));
  }

  /** A core text field (title, icon, team); null when absent, failing or not a string. */
  private String text(
      JqField field, ObjectNode input, String id, String item, MappingRun run, String name) {
    if (field == null) {
      return null;
    }
    Optional<JsonNode> v = fieldValue(field, input, id, item, run);
    if (v.isEmpty() || v.get().isNull()) {
      return null;
    }
    if (!v.get().isTextual()) {
      run.error(
          new MappingError(
              file,
              field.path(),
              id,
              item + name + " must be a string, not " + JqValues.describe(v.get())));
      return null;
    }
    return v.get().textValue();
  }

  private Optional<JsonNode> fieldValue(
      JqField field, ObjectNode input, String id, String item, MappingRun run) {
    try {
      return Optional.of(value(field, input));
    } catch (JqField.Failure f) {
      run.error(new MappingError(file, field.path(), id, item + f.getMessage()));
      return Optional.empty();
    }
  }
}
