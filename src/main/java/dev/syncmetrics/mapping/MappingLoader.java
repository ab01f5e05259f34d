package dev.syncmetrics.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * problem (not just the first) as {@code "<file> <json path>: <message>"}, and every field it
 * ignores as a warning in the same form. A webhook file holds a mapping, an array of mappings, the
 * vendor's webhook object ({@link WebhookObjectReader}) or an array of those.
 */
final class MappingLoader implements LoadSink {
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
  final Map<String, LoadedWebhook> webhooks = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  private final Map<String, String> environment;

  /**
   * @param environment where {@code ${NAME}} secrets are looked up, or null to leave secrets unread
   */
  MappingLoader(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public void problem(String file, String path, String message) {
    problems.add(file + (path.isEmpty() ? "" : " " + path) + ": " + message);
  }

  @Override
  public void warning(String file, String path, String message) {
    warnings.add(file + (path.isEmpty() ? "" : " " + path) + ": " + message);
  }

  @Override
  public int problemCount() {
    return problems.size();
  }

  @Override
  public Map<String, String> environment() {
    return environment;
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
    JsonNode root = parse(source);
    if (root == null) {
      return;
    }
    WebhookObjectReader objects = new WebhookObjectReader(this, source.file());
    if (WebhookObjectReader.isWebhookObject(root)) {
      objects.read("", root, name);
      return;
    }
    if (root.isArray() && root.size() > 0 && WebhookObjectReader.isWebhookObject(root.get(0))) {
      for (int i = 0; i < root.size(); i++) {
        if (WebhookObjectReader.isWebhookObject(root.get(i))) {
          objects.read("[" + i + "]", root.get(i), null);
        } else {
          problem(
              source.file(),
              "[" + i + "]",
              "an array of webhook objects (each with identifier and mappings) cannot also hold"
                  + " mappings");
        }
      }
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
      problem(
          source.file(),
          "",
          "a webhook file must hold a mapping object, an array of them, or the vendor's webhook"
              + " object (with identifier and mappings)");
    }
    register(
        new LoadedWebhook(
            new WebhookConfig(name, source.file(), false, true, null), mappings, null));
  }

  @Override
  public void register(LoadedWebhook webhook) {
    String name = webhook.config().identifier();
    LoadedWebhook earlier = webhooks.get(name);
    if (earlier != null) {
      problem(
          webhook.config().file(),
          "",
          "webhook "
              + name
              + " is defined twice"
              + (earlier.config().file().equals(webhook.config().file())
                  ? ""
                  : " (also in " + earlier.config().file() + ")"));
      return;
    }
    webhooks.put(
        name,
        new LoadedWebhook(webhook.config(), List.copyOf(webhook.mappings()), webhook.requestId()));
  }

  JsonNode parse(Source source) {
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

  @Override
  public void mapping(String file, String base, JsonNode m, List<CompiledMapping> out) {
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
    JsonNode op = m.path("operation");
    Operation operation = operation(file, JsonPaths.join(base, ".operation"), op);
    boolean deleteDependents =
        !op.path("deleteDependents").isBoolean() || op.get("deleteDependents").asBoolean();
    JqField filter = expression(file, base + ".filter", m.get("filter"), false);
    JqField items = expression(file, base + ".itemsToParse", m.get("itemsToParse"), false);
    String e = base + ".entity";
    JsonNode entity = m.path("entity");
    if (!entity.isObject()) {
      problem(file, JsonPaths.join(base, ".entity"), "a mapping needs an entity object");
      return;
    }
    unknownFields(file, e, entity, ENTITY_FIELDS);
    JsonNode idNode = entity.get("identifier");
    JqField identifier = null;
    CompiledQuery identifierQuery = null;
    if (CompiledQuery.isQuery(idNode)) {
      if (operation == Operation.DELETE) {
        problem(
            file,
            JsonPaths.join("", e + ".identifier"),
            "a delete needs the identifier as a jq expression; a search query can only update"
                + " the entities it finds");
      } else if (schema != null) {
        identifierQuery = query(file, e + ".identifier", idNode, schema);
      }
    } else {
      identifier = expression(file, e + ".identifier", idNode, true);
    }
    if (CompiledQuery.isQuery(entity.get("team"))) {
      problem(
          file,
          JsonPaths.join("", e + ".team"),
          "team as a search query is not supported; give a jq expression");
    }
    JqField title = expression(file, e + ".title", entity.get("title"), false);
    JqField icon = expression(file, e + ".icon", entity.get("icon"), false);
    JqField team = expression(file, e + ".team", entity.get("team"), false);
    List<PropertyField> properties = new ArrayList<>();
    for (var p : fields(file, e + ".properties", entity.get("properties"))) {
      String path = e + ".properties" + JsonPaths.key(p.getKey());
      JqField f = expression(file, path, p.getValue(), true);
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
      BlueprintSchema.Relation spec = schema == null ? null : schema.relation(r.getKey());
      if (schema != null && spec == null) {
        problem(
            file,
            JsonPaths.join("", path),
            "relation " + r.getKey() + " is not defined in blueprint " + schema.blueprint());
      }
      JqField f = null;
      CompiledQuery q = null;
      if (CompiledQuery.isQuery(r.getValue())) {
        BlueprintSchema target = spec == null ? null : schemas.get(spec.target());
        if (target != null) {
          q = query(file, path, r.getValue(), target);
        }
      } else {
        f = expression(file, path, r.getValue(), true);
      }
      relations.add(new RelationField(r.getKey(), f, q, JsonPaths.join("", path), spec));
    }
    if (problems.size() == before) {
      out.add(
          new CompiledMapping(
              file,
              schema,
              operation,
              deleteDependents,
              filter,
              items,
              identifier,
              identifierQuery,
              JsonPaths.join("", e + ".identifier"),
              title,
              icon,
              team,
              properties,
              relations));
    }
  }

  /**
   * Reads the vendor's forms of {@code operation}: {@code "create"}, {@code "delete"}, {@code
   * {"type": "create"}} and {@code {"type": "delete", "deleteDependents": true|false}}.
   */
  private Operation operation(String file, String path, JsonNode op) {
    if (op.isMissingNode()) {
      return Operation.CREATE;
    }
    JsonNode type = op.isObject() ? op.path("type") : op;
    Operation operation =
        !type.isTextual()
            ? null
            : switch (type.asText()) {
              case "create" -> Operation.CREATE;
              case "delete" -> Operation.DELETE;
              default -> null;
            };
    if (operation == null) {
      problem(
          file,
          path + (op.isObject() ? ".type" : ""),
          "operation must be \"create\", \"delete\", {\"type\": \"create\"} or {\"type\":"
              + " \"delete\", \"deleteDependents\": true|false}, not "
              + op);
      return Operation.CREATE;
    }
    if (op.isObject()) {
      for (Iterator<String> it = op.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        boolean known =
            name.equals("type")
                || (name.equals("deleteDependents") && operation == Operation.DELETE);
        if (!known) {
          problem(
              file,
              path + JsonPaths.key(name),
              "unknown field "
                  + name
                  + " (expected "
                  + (operation == Operation.DELETE ? "type and deleteDependents" : "type")
                  + ")");
        }
      }
      if (op.has("deleteDependents") && !op.get("deleteDependents").isBoolean()) {
        problem(
            file,
            path + ".deleteDependents",
            "deleteDependents must be true or false, not " + op.get("deleteDependents"));
      }
    }
    return operation;
  }

  private CompiledQuery query(String file, String path, JsonNode node, BlueprintSchema target) {
    return CompiledQuery.compile(
        path,
        node,
        target.blueprint(),
        target.propertyNames(),
        (at, message) -> problem(file, JsonPaths.join("", at), message),
        at -> expression(file, at.path(), at.node(), true));
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

  @Override
  public JqField expression(String file, String path, JsonNode node, boolean required) {
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
      return new JqField(where, JqEngine.compile(node.asText()));
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
