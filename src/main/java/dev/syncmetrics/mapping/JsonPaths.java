package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How errors name a field of a mapping file: a JSON path from the file's top, such as {@code
 * [0].entity.properties.duration} in a file holding an array of mappings and {@code
 * entity.properties.duration} in a file holding one mapping object.
 */
final class JsonPaths {
  private static final int MAX_VALUE_CHARS = 80;

  private JsonPaths() {}

  /** {@code .name}, or {@code ["odd name"]} when the name is not a plain identifier. */
  static String key(String name) {
    boolean plain = !name.isEmpty() && (Character.isLetter(name.charAt(0)) || name.charAt(0) == '_');
    for (int i = 0; plain && i < name.length(); i++) {
      char c = name.charAt(i);
      plain = Character.isLetterOrDigit(c) || c == '_';
    }
    if (plain) {
      return "." + name;
    }
    return "[" + com.fasterxml.jackson.databind.node.TextNode.valueOf(name) + "]";
  }

  /** {@code base} followed by {@code rest} (which starts with {@code .} or {@code [}). */
  static String join(String base, String rest) {
    if (base.isEmpty() && rest.startsWith(".")) {
      return rest.substring(1);
    }
    return base + rest;
  }

  /** A value as JSON, cut short when long. */
  static String shortJson(JsonNode value) {
    String json = value.toString();
    return json.length() <= MAX_VALUE_CHARS ? json : json.substring(0, MAX_VALUE_CHARS) + "...";
  }
}
