package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.Router;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The catalog's own metrics, served at {@code GET /metrics} in Prometheus text format. Each server
 * has its own registry, so several servers in one JVM do not mix their counts.
 *
 * <p>Every metric counts what this replica did, and each event is counted by exactly one replica (a
 * webhook is {@code accepted} by the replica that stored it and {@code duplicate} at any other), so
 * sums over replicas are totals for the whole catalog (docs/catalog.md, "Replicas").
 */
final class CatalogMetrics implements Router.Observer {
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Counter webhooks =
      Counter.build("catalog_webhooks_received_total", "Webhook requests received, by outcome.")
          .labelNames("outcome")
          .register(registry);
  private final Counter upserted =
      Counter.build("catalog_entities_upserted_total", "Entities created or updated.")
          .labelNames("blueprint", "source")
          .register(registry);
  private final Counter deleted =
      Counter.build("catalog_entities_deleted_total", "Entities deleted.")
          .labelNames("source")
          .register(registry);
  private final Counter mappingErrors =
      Counter.build("catalog_mapping_errors_total", "Mapping errors while applying webhooks.")
          .register(registry);
  private final Counter seenEventsPruned =
      Counter.build(
              "catalog_seen_events_pruned_total",
              "Keys of seen webhook events this replica removed because they outlived the retention.")
          .register(registry);
  private final Histogram latency =
      Histogram.build("catalog_http_request_duration_seconds", "HTTP request latency.")
          .labelNames("route", "method", "status")
          .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .register(registry);

  void webhook(String outcome) {
    webhooks.labels(outcome).inc();
  }

  void upserted(String blueprint, String source) {
    upserted.labels(blueprint, source).inc();
  }

  void deleted(int count, String source) {
    if (count > 0) {
      deleted.labels(source).inc(count);
    }
  }

  void mappingErrors(int count) {
    if (count > 0) {
      mappingErrors.inc(count);
    }
  }

  void seenEventsPruned(int count) {
    if (count > 0) {
      seenEventsPruned.inc(count);
    }
  }

  @Override
  public void observe(String route, String method, int status, double seconds) {
    String m = METHODS.contains(method) ? method : "other";
    latency.labels(route, m, Integer.toString(status)).observe(seconds);
  }

  /** Every metric in the Prometheus text format 0.0.4. */
  String scrape() {
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
