package dev.syncmetrics.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.HistoryPoint;
import dev.syncmetrics.internal.catalog.store.StoreException;
import dev.syncmetrics.internal.catalog.store.StoredEntity;
import dev.syncmetrics.internal.catalog.store.WriteBatch;
import dev.syncmetrics.internal.catalog.store.WriteOutcome;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.SamplePayloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalog with a store of the test's own: a database that is down. */
class CatalogServiceTest {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Every call fails as a database that cannot be reached does. */
  static class DownStore implements EntityStore {
    boolean closed;

    private static StoreException down() {
      return new StoreException("writing entities failed: Connection refused");
    }

    @Override
    public WriteOutcome write(WriteBatch batch) {
      throw down();
    }

    @Override
    public Optional<StoredEntity> get(String blueprint, String identifier) {
      throw down();
    }

    @Override
    public List<StoredEntity> list(String blueprint, int limit) {
      throw down();
    }

    @Override
    public List<HistoryPoint> history(String blueprint, String identifier, int limit) {
      throw down();
    }

    @Override
    public Map<String, Long> countByBlueprint() {
      throw down();
    }

    @Override
    public boolean seen(String eventKey) {
      throw down();
    }

    @Override
    public int pruneSeenEvents(Instant before) {
      throw down();
    }

    @Override
    public void check() {
      throw down();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDatabaseThatIsDownIsA503ToRetryAndTheStoreStaysTheCallers() throws Exception {
    DownStore store = new DownStore();
    CatalogSettings settings =
        CatalogSettings.builder()
            .port(0)
            .mappings(WebhookMappings.load(CatalogTestMappings.DIR))
            .store(store)
            .build();
    String body = SamplePayloads.kind("run-1", "github", "down", "repository", 0).json();

    try (CatalogService catalog = new CatalogService(settings).start()) {
      HttpResponse<String> webhook =
          send(
              HttpRequest.newBuilder(URI.create(catalog.url() + "webhook"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      HttpResponse<String> health =
          send(HttpRequest.newBuilder(URI.create(catalog.url() + "healthz")));
      HttpResponse<String> metrics =
          send(HttpRequest.newBuilder(URI.create(catalog.url() + "metrics")));

      assertEquals(503, webhook.statusCode());
      assertEquals("{\"error\":\"the catalog's database is unavailable; retry\"}", webhook.body());
      assertEquals(503, health.statusCode());
      assertTrue(
          metrics.body().contains("catalog_webhooks_received_total{outcome=\"store_error\",} 1.0"),
          metrics.body());
    }
    assertFalse(store.closed, "a store given in the settings is closed by its owner");
  }
}
