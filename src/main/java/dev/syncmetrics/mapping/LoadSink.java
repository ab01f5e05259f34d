package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a reader of one part of a webhook file hands its findings to: problems and warnings (each
 * {@code <file> <json path>: <message>}), compiled expressions and mappings, loaded webhooks.
 */
interface LoadSink {
  void problem(String file, String path, String message);

  void warning(String file, String path, String message);

  /** How many problems have been found so far. */
  int problemCount();

  /** Where {@code ${NAME}} secrets are looked up; null when secrets are left unread. */
  Map<String, String> environment();

  /** Compiles the expression at {@code path}; null (with a problem when required) if absent. */
  JqField expression(String file, String path, JsonNode node, boolean required);

  /**
   * Compiles the mapping object {@code m} at {@code base}, adding it to {@code out} if it loads.
   */
  void mapping(String file, String base, JsonNode m, List<CompiledMapping> out);

  /** Adds a webhook, unless its name is taken. */
  void register(LoadedWebhook webhook);
}
