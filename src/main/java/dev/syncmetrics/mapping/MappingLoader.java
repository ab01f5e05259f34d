package dev.syncmetrics.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.mapping.CompiledMapping.Field;
import dev.syncmetrics.mapping.CompiledMapping.Operation;
import dev.syncmetrics.mapping.CompiledMapping.PropertyField;
import dev.syncmetrics.mapping.CompiledMapping.RelationField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads blueprint and webhook mapping files, compiles every jq expression, and collects every
 * problem (not just the first) as {@code "<file> <json path>: <message>"}.
 */
final class MappingLoader {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> MAPPING_FIELDS =
      Set.of("blueprint", "operation", "filter", "itemsToParse", "entity");
  private static final Set<String> ENTITY_FIELDS =
      Set.of("identifier", "title", "icon", "team", "properties", "relations");

  /** A file to load: its name as shown in errors, and its text. */
  record Source(String file, String text) {}

  final Map<String, Blueprint> blueprints = new LinkedHashMap<>();
  final Map<String, BlueprintSchema> schemas = new LinkedHashMap<>();
  final Map<String, List<CompiledMapping>> webhooks = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();

  void problem(String file, String path, String message) {
    problems.add(file + (path.isEmpty() ? "" : " " + path) + ": " + message);
  }

  void loadBlueprints(List<Source> sources) {
    Map<String, String> fileOf = new LinkedHashMap<>();
    for (Source source : sources) {
      JsonNode root = parse(source);
      if (root == null) {
        continue;
      }
      if (!root.isObject()) {
        problem(source.file(), "", "a blueprint file must hold one JSON object");
        continue;
      }
      JsonNode id = root.path("identifier");
      if (!id.isTextual() || id.asText().isEmpty()) {
        problem(source.file(), "identifier", "a blueprint needs a string identifier");
        continue;
      }
      if (!root.path("schema").isObject()) {
        problem(source.file(), "schema", "a blueprint needs a schema object");
        continue;
      }
      String identifier = id.asText();
      if (fileOf.containsKey(identifier)) {
        problem(
            source.file(),
            "identifier",
            "blueprint " + identifier + " is already defined in " + fileOf.get(identifier));
        continue;
      }
      fileOf.put(identifier, source.file());
      BlueprintSchema schema =
          BlueprintSchema.of(
              identifier, root, (path, message) -> problem(source.file(), path, message));
      blueprints.put(
          identifier,
          new Blueprint(
              identifier, root.path("title").asText(identifier), (ObjectNode) root.deepCopy()));
      schemas.put(identifier, schema);
    }
    for (BlueprintSchema schema : schemas.values()) {
      for (BlueprintSchema.Relation r : schema.relations().values()) {
        if (!schemas.containsKey(r.target())) {
          problem(
              fileOf.get(schema.blueprint()),
              "relations" + JsonPaths.key(r.name()) + ".target",
              "relation "
                  + r.name()
                  + " targets blueprint "
                  + r.target()
                  + ", which is not defined"
                  + known(schemas.keySet()));
        }
      }
    }
  }

  void loadWebhook(String name, Source source) {
    if (webhooks.containsKey(name)) {
      problem(source.file(), "", "webhook " + name + " is defined twice");
      return;
    }
    JsonNode root = parse(source);
    if (root == null) {
      return;
    }
    List<CompiledMapping> mappings = new ArrayList<>();
    if (root.isObject()) {
      mapping(source.file(), "", root, mappings);
    } else if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        if (root.get(i).isObject()) {
          mapping(source.file(), "[" + i + "]", root.get(i), mappings);
        } else {
          problem(source.file(), "[" + i + "]", "a mapping must be a JSON object");
        }
      }
    } else {
      problem(source.file(), "", "a webhook file must hold a mapping object or an array of them");
    }
    webhooks.put(name, List.copyOf(mappings));
  }

  private JsonNode parse(Source source) {
    try {
      JsonNode root = JSON.readTree(source.text());
      if (root == null || root.isMissingNode()) {
        problem(source.file(), "", "the file is empty");
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      problem(
          source.file(),
          "",
          "not valid JSON at line "
              + at.getLineNr()
              + ", column "
              + at.getColumnNr()
              + ": "
              + firstLine(e.getOriginalMessage()));
      return null;
    }
  }

  private void mapping(String file, String base, JsonNode m, List<CompiledMapping> out) {
    int before = problems.size();
    unknownFields(file, base, m, MAPPING_FIELDS);
    BlueprintSchema schema = null;
    JsonNode blueprint = m.path("blueprint");
    if (!blueprint.isTextual()) {
      problem(file, JsonPaths.join(base, ".blueprint"), "a mapping needs a blueprint identifier");
    } else if (!schemas.containsKey(blueprint.asText())) {
      problem(
          file,
          JsonPaths.join(base, ".blueprint"),
          "blueprint " + blueprint.asText() + " is not defined" + known(schemas.keySet()));
    } else {
      schema = schemas.get(blueprint.asText());
    }
    Operation operation = Operation.CREATE;
    JsonNode op = m.path("operation");
    if (!op.isMissingNode()) {
      if (op.isTextual() && (op.asText().equals("create") || op.asText().equals("delete"))) {
        operation = Operation.valueOf(op.asText().toUpperCase(java.util.Locale.ROOT));
      } else {
        problem(
            file,
            JsonPaths.join(base, ".operation"),
            "operation must be \"create\" or \"delete\", not " + op);
      }
    }
    Field filter = expression(file, base + ".filter", m.get("filter"), false);
    Field items = expression(file, base + ".itemsToParse", m.get("itemsToParse"), false);
    String e = base + ".entity";
    JsonNode entity = m.path("entity");
    if (!entity.isObject()) {
      problem(file, JsonPaths.join(base, ".entity"), "a mapping needs an entity object");
      return;
    }
    unknownFields(file, e, entity, ENTITY_FIELDS);
    Field identifier = expression(file, e + ".identifier", entity.get("identifier"), true);
    Field title = expression(file, e + ".title", entity.get("title"), false);
    Field icon = expression(file, e + ".icon", entity.get("icon"), false);
    Field team = expression(file, e + ".team", entity.get("team"), false);
    List<PropertyField> properties = new ArrayList<>();
    for (var p : fields(file, e + ".properties", entity.get("properties"))) {
      String path = e + ".properties" + JsonPaths.key(p.getKey());
      Field f = expression(file, path, p.getValue(), true);
      BlueprintSchema.Property spec = schema == null ? null : schema.property(p.getKey());
      if (schema != null && spec == null) {
        problem(
            file,
            JsonPaths.join("", path),
            "property " + p.getKey() + " is not defined in blueprint " + schema.blueprint());
      }
      properties.add(new PropertyField(p.getKey(), f, spec));
    }
    List<RelationField> relations = new ArrayList<>();
    for (var r : fields(file, e + ".relations", entity.get("relations"))) {
      String path = e + ".relations" + JsonPaths.key(r.getKey());
      Field f = expression(file, path, r.getValue(), true);
      BlueprintSchema.Relation spec = schema == null ? null : schema.relation(r.getKey());
      if (schema != null && spec == null) {
        problem(
            file,
            JsonPaths.join("", path),
            "relation " + r.getKey() + " is not defined in blueprint " + schema.blueprint());
      }
      relations.add(new RelationField(r.getKey(), f, spec));
    }
    if (problems.size() == before) {
      out.add(
          new CompiledMapping(
              file,
              schema,
              operation,
              filter,
              items,
              identifier,
              title,
              icon,
              team,
              properties,
              relations));
    }
  }

  private List<Map.Entry<String, JsonNode>> fields(String file, String path, JsonNode node) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    if (node == null || node.isNull()) {
      return entries;
    }
    if (!node.isObject()) {
      problem(file, JsonPaths.join("", path), "must be an object of jq expressions");
      return entries;
    }
    node.fields().forEachRemaining(entries::add);
    return entries;
  }

  /** Compiles the expression at {@code path}; null (with a problem when required) if absent. */
  private Field expression(String file, String path, JsonNode node, boolean required) {
    String where = JsonPaths.join("", path);
    if (node == null || node.isNull()) {
      if (required) {
        problem(file, where, "a jq expression is required here");
      }
      return null;
    }
    if (!node.isTextual()) {
      problem(file, where, "must be a jq expression in a JSON string, not " + node);
      return null;
    }
    try {
      return new Field(where, JqEngine.compile(node.asText()));
    } catch (JqCompileException ex) {
      problem(file, where, ex.getMessage() + " in " + node);
      return null;
    }
  }

  private void unknownFields(String file, String base, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        problem(
            file,
            JsonPaths.join("", base + JsonPaths.key(name)),
            "unknown field "
                + name
                + " (expected one of "
                + allowed.stream().sorted().toList()
                + ")");
      }
    }
  }

  private static String known(Set<String> names) {
    return names.isEmpty()
        ? " (no blueprints are loaded)"
        : " (loaded: " + String.join(", ", names.stream().sorted().toList()) + ")";
  }

  /** Jackson's message without its source location (the line and column are given apart). */
  private static String firstLine(String message) {
    String text = String.valueOf(message);
    for (String cut : List.of("\n", " (start marker at")) {
      int at = text.indexOf(cut);
      text = at < 0 ? text : text.substring(0, at);
    }
    return text;
  }
}
