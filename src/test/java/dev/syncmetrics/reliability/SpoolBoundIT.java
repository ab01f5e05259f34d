package dev.syncmetrics.reliability;

import static dev.syncmetrics.reliability.ReportLoop.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.internal.spool.FileSpool;
import dev.syncmetrics.testing.FaultyCatalog;
import dev.syncmetrics.testing.JavaChild;
import dev.syncmetrics.testing.PushgatewayGroups;
import dev.syncmetrics.testing.PushgatewayProcess;
import dev.syncmetrics.testing.SpoolDrainChild;
import dev.syncmetrics.testing.SpoolingChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target stays down longer than the spool's bounds allow: the oldest payloads are dropped, the
 * results and the Pushgateway say how many, disk stays within the bounds, and a redelivery holds
 * only the payloads it is sending in memory.
 */
class SpoolBoundIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path spool;

  @Test
  void theOldestAreDroppedCountedAndDiskStaysWithinTheFileBound() {
    int maxFiles = 10;
    try (FaultyCatalog catalog = FaultyCatalog.stopped();
        PushgatewayProcess pg = PushgatewayProcess.startOnFreePort();
        ReportLoop loop =
            new ReportLoop(
                TIMEOUT,
                spool,
                b ->
                    b.webhookUrl(catalog.url())
                        .pushgatewayUrl(pg.baseUrl())
                        .spoolLimits(maxFiles, 1 << 20))) {
      int dropped = 0;
      for (int i = 1; i <= 6; i++) {
        ReportResult r = loop.report();
        dropped += webhook(r).dropped();
        assertEquals(
            Math.max(0, 3 * i - maxFiles), dropped, "dropped so far, after report " + i + ": " + r);
        assertEquals(Math.min(3 * i, maxFiles), webhook(r).spooled(), r.toString());
        assertTrue(loop.spoolFiles() <= maxFiles);
      }
      assertEquals(8, dropped);

      catalog.listen();
      ReportResult recovered = loop.report();
      assertTrue(recovered.allDelivered(), recovered.toString());
      List<Payload> kept = new ArrayList<>(loop.made.subList(8, loop.made.size()));
      assertEquals(keys(kept), catalog.stored().keySet(), "the newest were kept");

      Map<String, Double> m = PushgatewayGroups.samples(pg.baseUrl(), "github-prod");
      assertEquals(8, m.get("syncmetrics_spool_dropped_payloads{reason=full}"));
      assertEquals(0, m.get("syncmetrics_spool_dropped_payloads{reason=unwritable}"));
      assertEquals(
          maxFiles, m.get("syncmetrics_spool_payloads{}"), "waiting when the last report started");
      Figures.record(
          "bound (files)",
          "7 reports, target down for 6 of them, at most "
              + maxFiles
              + " files: dropped 8 oldest, reports "
              + loop.durations());
    }
  }

  @Test
  void diskStaysWithinTheByteBound() throws Exception {
    long maxBytes = 6_000;
    try (FaultyCatalog catalog = FaultyCatalog.stopped();
        ReportLoop loop =
            new ReportLoop(
                TIMEOUT, spool, b -> b.webhookUrl(catalog.url()).spoolLimits(10_000, maxBytes))) {
      int dropped = 0;
      for (int i = 1; i <= 8; i++) {
        dropped += webhook(loop.report()).dropped();
        assertTrue(payloadBytes() <= maxBytes, "bytes on disk " + payloadBytes());
      }
      assertTrue(dropped > 0, "the bound was reached");

      catalog.listen();
      assertTrue(loop.report().allDelivered());
      assertEquals(loop.made.size() - dropped, catalog.stored().size());
      assertEquals(keys(loop.made.subList(dropped, loop.made.size())), catalog.stored().keySet());
    }
  }

  @Test
  void aRedeliveryHoldsOnlyThePayloadsInFlightInMemory() throws Exception {
    FileSpool filled = new FileSpool(spool, 1000, 1L << 30);
    List<Payload> big = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      big.add(SpoolingChild.payload("memory", "k" + i + "-" + (512 * 1024)));
    }
    assertEquals(120, filled.save(big, Duration.ofMinutes(1)).saved()); // 60 MiB on disk

    try (FaultyCatalog catalog = FaultyCatalog.start()) {
      JavaChild.Outcome o =
          JavaChild.run(List.of("-Xmx32m"), SpoolDrainChild.class, spool.toString(), catalog.url());
      assertEquals(0, o.exitCode(), o.stderr());
      assertTrue(o.stdout().contains("result true 120"), o.stdout() + o.stderr());
      assertEquals(keys(big), catalog.stored().keySet());
    }
  }

  private static Set<String> keys(List<Payload> payloads) {
    Set<String> keys = new HashSet<>();
    payloads.forEach(p -> keys.add(p.idempotencyKey()));
    return keys;
  }

  private long payloadBytes() throws Exception {
    try (Stream<Path> s = Files.list(spool)) {
      long total = 0;
      for (Path f : s.filter(f -> f.toString().endsWith(".payload.json")).toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }
}
