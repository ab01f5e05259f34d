package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.SamplePayloads;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} says whether the catalog can store, not only whether its database answers. */
class CatalogHealthTest {
  @TempDir Path dir;

  CatalogServer catalog(String database) throws Exception {
    return CatalogServer.builder()
        .port(0)
        .mappingsDir(CatalogTestMappings.DIR)
        .database(database)
        .build()
        .start();
  }

  @Test
  void aDatabaseThatCanBeReadButNotWrittenFailsTheHealthCheck() throws Exception {
    Path db = dir.resolve("catalog.db");
    try (CatalogServer writable = catalog(db.toString())) {
      TestHttp http = new TestHttp(writable.url());
      assertEquals(200, http.get("/healthz").status());
      String body = SamplePayloads.kind("run-1", "github", "health", "repository", 0).json();
      assertEquals(200, http.postJson("/webhook", body).status());
    }

    // the same file opened read-only (SQLITE_OPEN_READONLY): SELECT 1 works, no write does
    try (CatalogServer readOnly = catalog("jdbc:sqlite:" + db + "?open_mode=1")) {
      TestHttp http = new TestHttp(readOnly.url());
      TestHttp.Answer health = http.get("/healthz");
      String body = SamplePayloads.kind("run-2", "github", "health", "repository", 0).json();
      TestHttp.Answer webhook = http.postJson("/webhook", body);

      assertEquals(503, health.status(), health.body());
      assertEquals("failing", health.json().get("status").asText());
      assertTrue(health.json().get("error").asText().contains("cannot write"), health.body());
      assertEquals("5", health.header("Retry-After"));
      assertEquals(503, webhook.status(), webhook.body());
      assertEquals(
          200,
          http.get("/api/blueprints/integration_kind_metrics/entities/repository-0").status(),
          "reads still work");
    }
  }
}
