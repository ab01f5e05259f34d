package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
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

  /** A jq expression and the JSON path of its field in the mapping file. */
  record Field(String path, JqProgram program) {}

  record PropertyField(String name, Field field, BlueprintSchema.Property spec) {}

  record RelationField(String name, Field field, BlueprintSchema.Relation spec) {}

  private final String file;
  private final BlueprintSchema schema;
  private final Operation operation;
  private final Field filter;
  private final Field items;
  private final Field identifier;
  private final Field title;
  private final Field icon;
  private final Field team;
  private final List<PropertyField> properties;
  private final List<RelationField> relations;

  CompiledMapping(
      String file,
      BlueprintSchema schema,
      Operation operation,
      Field filter,
      Field items,
      Field identifier,
      Field title,
      Field icon,
      Field team,
      List<PropertyField> properties,
      List<RelationField> relations) {
    this.file = file;
    this.schema = schema;
    this.operation = operation;
    this.filter = filter;
    this.items = items;
    this.identifier = identifier;
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
    } catch (FieldFailure f) {
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
      } catch (FieldFailure f) {
        run.error(new MappingError(file, filter.path(), null, item + f.getMessage()));
        return;
      }
    }
    String id;
    try {
      JsonNode value = value(identifier, input);
      if (!value.isTextual() || value.textValue().isEmpty()) {
        throw new FieldFailure(
            "identifier must be a non-empty string, not " + JqValues.describe(value));
      }
      id = value.textValue();
    } catch (FieldFailure f) {
      run.error(new MappingError(file, identifier.path(), null, item + f.getMessage()));
      return;
    }
    if (operation == Operation.DELETE) {
      if (claim(id, index, item, run)) {
        run.delete(new EntityRef(schema.blueprint(), id));
      }
      return;
    }
    String titleText = text(title, input, id, item, run, "title");
    String iconText = text(icon, input, id, item, run, "icon");
    String teamText = text(team, input, id, item, run, "team");
    ObjectNode props = JsonNodeFactory.instance.objectNode();
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
    ObjectNode rels = JsonNodeFactory.instance.objectNode();
    for (RelationField r : relations) {
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
    if (complete && claim(id, index, item, run)) {
      run.upsert(new Entity(schema.blueprint(), id, titleText, iconText, teamText, props, rels));
    }
  }

  /** False, with an error, when an earlier mapping or item of the request produced {@code id}. */
  private boolean claim(String id, int index, String item, MappingRun run) {
    MappingRun.Origin earlier =
        run.claim(
            new EntityRef(schema.blueprint(), id),
            new MappingRun.Origin(file, identifier.path(), index));
    if (earlier == null) {
      return true;
    }
    run.error(
        new MappingError(
            file,
            identifier.path(),
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
      Field field, ObjectNode input, String id, String item, MappingRun run, String name) {
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
      Field field, ObjectNode input, String id, String item, MappingRun run) {
    try {
      return Optional.of(value(field, input));
    } catch (FieldFailure f) {
      run.error(new MappingError(file, field.path(), id, item + f.getMessage()));
      return Optional.empty();
    }
  }

  /** The field's value on {@code input}: null (JSON) when the expression yields nothing. */
  private static JsonNode value(Field field, JsonNode input) throws FieldFailure {
    try {
      JsonNode v = field.program().single(input);
      return v == null ? NullNode.getInstance() : v;
    } catch (Exception | StackOverflowError e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new FieldFailure(message);
    }
  }

  /** An expression that failed on this input; the message is jq's. */
  static final class FieldFailure extends Exception {
    private static final long serialVersionUID = 1L;

    FieldFailure(String message) {
      super(message, null, false, false);
    }
  }
}
