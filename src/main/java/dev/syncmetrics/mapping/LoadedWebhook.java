package dev.syncmetrics.mapping;

import java.util.List;

/**
 * One webhook as loaded: where and how it is served, its compiled mappings, and its {@code
 * requestIdentifierPath} (null when it has none).
 */
record LoadedWebhook(WebhookConfig config, List<CompiledMapping> mappings, JqField requestId) {
  LoadedWebhook {
    mappings = List.copyOf(mappings);
  }
}
