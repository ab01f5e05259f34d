package dev.syncmetrics.reliability;

import static dev.syncmetrics.reliability.ReportLoop.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.TcpFaultProxy;
import dev.syncmetrics.testing.TcpFaultProxy.Mode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault battery against the real catalog (its own process, SQLite, signed webhooks) behind a
 * fault-injecting proxy: the catalog killed and restarted, answers lost after the catalog
 * committed, answers too late, requests swallowed. After recovery, each kind's history in the
 * catalog has exactly one point per run: every payload of every run, once.
 */
class CatalogFaultIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final String SECRET = "s3cret-for-the-battery";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS =
      List.of("repository-0", "merge-request-12", "__runtime__");

  @TempDir Path dir;

  @Test
  void everyPayloadOfEveryRunIsInTheCatalogExactlyOnce() throws Exception {
    String db = dir.resolve("catalog.db").toString();
    CatalogProcess catalog = CatalogProcess.start(db, dir, "--webhook-secret", SECRET);
    try (TcpFaultProxy proxy = TcpFaultProxy.start(catalog.port());
        ReportLoop loop =
            new ReportLoop(
                TIMEOUT,
                dir.resolve("spool"),
                b -> b.webhookUrl(proxy.url("/webhook")).webhookSecret(SECRET))) {
      assertDelivered(loop.report(), 3);

      catalog.kill(); // SIGKILL; the proxy refuses connections
      proxy.refuse();
      assertSpooled(loop.report(), 3);
      assertSpooled(loop.report(), 6);
      catalog = CatalogProcess.start(db, dir, "--webhook-secret", SECRET); // same database
      proxy.backend(catalog.port());
      proxy.listen();
      assertDelivered(loop.report(), 9);

      proxy.mode(Mode.CUT_BEFORE_ANSWER); // committed, but the answer is lost
      assertSpooled(loop.report(), 3);
      proxy.delay(TIMEOUT.plusSeconds(2));
      proxy.mode(Mode.DELAY_ANSWER); // committed, answered after the deadline
      assertSpooled(loop.report(), 6);
      proxy.mode(Mode.BLACKHOLE); // nothing reaches the catalog
      assertSpooled(loop.report(), 9);

      proxy.mode(Mode.PASS);
      assertDelivered(loop.report(), 12);
      assertEquals(0, loop.spoolFiles());

      List<String> runs = new ArrayList<>();
      loop.results.forEach(r -> runs.add(r.eventId()));
      runs.sort(null);
      for (String kind : KINDS) {
        assertEquals(
            runs,
            eventIdsInHistory(catalog, "github-github-prod-" + kind),
            "one history point per run for " + kind);
      }
      Figures.record(
          "real catalog",
          "reports "
              + loop.durations()
              + " (up, killed x2, restarted, answer cut,"
              + " answer late, swallowed, recovered); history points per kind "
              + runs.size());
    } finally {
      catalog.close();
    }
  }

  private static void assertDelivered(ReportResult r, int delivered) {
    assertEquals(delivered, webhook(r).delivered(), r.toString());
    assertTrue(r.allDelivered(), r.toString());
  }

  private static void assertSpooled(ReportResult r, int waiting) {
    TargetResult w = webhook(r);
    assertEquals(0, w.delivered(), r.toString());
    assertEquals(waiting, w.spooled(), r.toString());
    assertEquals(0, w.dropped(), r.toString());
  }

  /**
   * The event_id of every history point of an integration_kind_phase_metrics entity but the runs'
   * syncing announcements, sorted.
   */
  private static List<String> eventIdsInHistory(CatalogProcess catalog, String identifier)
      throws Exception {
    JsonNode history =
        JSON.readTree(
                URI.create(
                        catalog.baseUrl()
                            + "/api/blueprints/integration_kind_phase_metrics/entities/"
                            + identifier
                            + "/history?limit=1000")
                    .toURL())
            .path("history");
    List<String> ids = new ArrayList<>();
    history.forEach(
        point -> {
          // __runtime__ also has a point for each run's start (syncing) that reached the catalog
          if (!"syncing".equals(point.path("properties").path("sync_state").asText())) {
            ids.add(point.path("properties").path("event_id").asText());
          }
        });
    ids.sort(null);
    return ids;
  }
}
