package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the catalog vendor's webhook object as it exports it ({@code identifier}, {@code title},
 * {@code enabled}, {@code mappings}, {@code security}, ...): the fields the catalog uses are
 * checked, the others are reported as warnings and ignored, and a secret written as {@code ${NAME}}
 * is read from the environment.
 */
final class WebhookObjectReader {
  private static final Set<String> USED = Set.of("identifier", "enabled", "mappings", "security");
  private static final Set<String> SECURITY =
      Set.of(
          "secret",
          "signatureHeaderName",
          "signatureAlgorithm",
          "signaturePrefix",
          "requestIdentifierPath");
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final LoadSink loader;
  private final String file;

  WebhookObjectReader(LoadSink loader, String file) {
    this.loader = loader;
    this.file = file;
  }

  /** A webhook object has {@code mappings}; a mapping never does. */
  static boolean isWebhookObject(JsonNode node) {
    return node != null && node.isObject() && node.has("mappings");
  }

  /**
   * Reads one webhook object at {@code base} ({@code ""} or {@code "[i]"}).
   *
   * @param fallbackName the name when the object has no identifier (the file name), or null when an
   *     identifier is required (in an array)
   */
  void read(String base, JsonNode node, String fallbackName) {
    int before = loader.problemCount();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!USED.contains(name)) {
        loader.warning(
            file,
            JsonPaths.join(base, JsonPaths.key(name)),
            "ignored (the catalog does not use it)");
      }
    }
    String identifier = identifier(base, node.get("identifier"), fallbackName);
    boolean enabled = true;
    JsonNode on = node.get("enabled");
    if (on != null && !on.isNull()) {
      if (on.isBoolean()) {
        enabled = on.asBoolean();
      } else {
        loader.problem(
            file, JsonPaths.join(base, ".enabled"), "enabled must be true or false, not " + on);
      }
    }
    JqField[] requestId = {null};
    WebhookSecurity security = security(base, node.get("security"), requestId);
    List<CompiledMapping> mappings = new ArrayList<>();
    JsonNode list = node.get("mappings");
    if (!list.isArray()) {
      loader.problem(
          file, JsonPaths.join(base, ".mappings"), "mappings must be an array of mappings");
    } else {
      for (int i = 0; i < list.size(); i++) {
        String at = JsonPaths.join(base, ".mappings[" + i + "]");
        if (list.get(i).isObject()) {
          loader.mapping(file, at, list.get(i), mappings);
        } else {
          loader.problem(file, at, "a mapping must be a JSON object");
        }
      }
    }
    if (identifier != null && loader.problemCount() == before) {
      loader.register(
          new LoadedWebhook(
              new WebhookConfig(identifier, file, true, enabled, security),
              mappings,
              requestId[0]));
    }
  }

  private String identifier(String base, JsonNode id, String fallbackName) {
    if (id != null && id.isTextual() && !id.asText().isBlank()) {
      return id.asText();
    }
    if (id == null && fallbackName != null) {
      return fallbackName;
    }
    loader.problem(
        file,
        JsonPaths.join(base, ".identifier"),
        id == null
            ? "a webhook object in an array needs an identifier (its path is /webhook/{identifier})"
            : "identifier must be a non-empty string, not " + id);
    return null;
  }

  private WebhookSecurity security(String base, JsonNode node, JqField[] requestId) {
    String path = JsonPaths.join(base, ".security");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      loader.problem(file, path, "security must be an object, not " + node);
      return null;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!SECURITY.contains(name)) {
        loader.warning(file, path + JsonPaths.key(name), "ignored (not a security setting)");
      }
    }
    String secret = secret(path + ".secret", node.get("secret"));
    String algorithm = text(path + ".signatureAlgorithm", node.get("signatureAlgorithm"));
    String header = text(path + ".signatureHeaderName", node.get("signatureHeaderName"));
    String prefix = text(path + ".signaturePrefix", node.get("signaturePrefix"));
    String idPath = text(path + ".requestIdentifierPath", node.get("requestIdentifierPath"));
    if (algorithm != null && !WebhookSecurity.ALGORITHMS.contains(algorithm)) {
      loader.problem(
          file,
          path + ".signatureAlgorithm",
          "signatureAlgorithm must be one of "
              + String.join(", ", WebhookSecurity.ALGORITHMS)
              + ", not "
              + node.get("signatureAlgorithm"));
      algorithm = null;
    }
    if (header != null && header.isBlank()) {
      loader.problem(file, path + ".signatureHeaderName", "must not be blank");
    }
    if (idPath != null) {
      requestId[0] =
          loader.expression(
              file, path + ".requestIdentifierPath", node.get("requestIdentifierPath"), true);
    }
    if (secret == null
        && loader.environment() != null
        && (algorithm != null || header != null || prefix != null)) {
      loader.warning(
          file,
          path,
          "signature settings without a secret are ignored: requests to this webhook are not"
              + " checked");
    }
    if (secret == null && idPath == null) {
      return null;
    }
    String scheme = algorithm == null ? "sha256" : algorithm;
    return new WebhookSecurity(
        secret,
        scheme,
        header == null ? WebhookSecurity.DEFAULT_HEADER : header,
        prefix != null ? prefix : scheme.equals("syncmetrics") ? "sha256=" : "",
        idPath);
  }

  /** The secret, with {@code ${NAME}} read from the environment; never put in a message. */
  private String secret(String path, JsonNode node) {
    String text = text(path, node);
    if (text == null || text.isEmpty() || loader.environment() == null) {
      return null;
    }
    Matcher m = ENV.matcher(text);
    if (m.matches()) {
      String value = loader.environment().get(m.group(1));
      if (value == null || value.isEmpty()) {
        loader.problem(
            file,
            path,
            "environment variable " + m.group(1) + " is not set (it holds this webhook's secret)");
        return null;
      }
      return value;
    }
    loader.warning(
        file,
        path,
        "the secret is written in the file; give it as \"${SOME_NAME}\" and set SOME_NAME in the"
            + " catalog's environment, so the file can be committed without it");
    return text;
  }

  private String text(String path, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      loader.problem(file, path, "must be a string or null, not " + node.getNodeType());
      return null;
    }
    return node.asText();
  }
}
