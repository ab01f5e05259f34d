package dev.syncmetrics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.internal.spool.FileSpool;
import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.CatalogReads;
import dev.syncmetrics.testing.JavaChild;
import dev.syncmetrics.testing.LiveSyncChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a sync (a pod evicted, Ctrl-C): the reporter's shutdown hook aborts the
 * run and delivers it before the process exits. Checked against a real catalog process right after
 * the exit, without any redelivery.
 */
class ShutdownIT {
  private static final String PHASE = "integration_kind_phase_metrics";
  private static final String PREFIX = LiveSyncChild.TYPE + "-" + LiveSyncChild.IDENTIFIER + "-";

  @TempDir Path dir;

  @Test
  void sigtermReportsTheRunAbortedItsEndedKindsCompletedAndTheOthersAbortedBeforeTheExit()
      throws Exception {
    Path spool = dir.resolve("spool");
    try (CatalogProcess catalog = CatalogProcess.start(dir.resolve("c.db").toString(), dir)) {
      Process child =
          JavaChild.start(
              List.of(),
              LiveSyncChild.class,
              spool.toString(),
              catalog.baseUrl() + "/webhook",
              "hang",
              "4",
              "0");
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                  return e.toString();
                }
              });
      String event = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("run ")) {
          event = line.substring(4);
        } else if (line.equals("ready")) {
          break;
        }
      }
      assertTrue(event != null && child.isAlive(), "the child started its sync");

      long start = System.nanoTime();
      child.destroy(); // SIGTERM
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child exits after SIGTERM");
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(143, child.exitValue(), "exited for SIGTERM: " + stderr.get());

      CatalogReads reads = new CatalogReads(catalog.baseUrl());
      JsonNode runtime = reads.properties(PHASE, PREFIX + "__runtime__").orElseThrow();
      assertEquals("aborted", runtime.path("sync_state").asText(), runtime.toString());
      assertEquals(event, runtime.path("event_id").asText());
      assertEquals(false, runtime.path("success").asBoolean(true));
      for (int i = 0; i < 4; i++) {
        JsonNode kind = reads.properties(PHASE, PREFIX + "kind-" + i).orElseThrow();
        assertEquals(event, kind.path("event_id").asText(), kind.toString());
        assertEquals(
            i < 2 ? "completed" : "aborted", kind.path("sync_state").asText(), "kind " + i);
        assertEquals(i + 1, kind.path("raw_extracted").asInt());
      }
      assertEquals(
          0,
          new FileSpool(spool, Integer.MAX_VALUE, Long.MAX_VALUE).size(),
          "nothing waits in the spool");
      assertEquals(0, journalBatches(spool), "nothing is left in the write-ahead journal");
      Figures.record(
          "SIGTERM",
          "run aborted, 2 kinds completed and 2 aborted in the catalog when the process exited,"
              + " "
              + tookMillis
              + " ms after SIGTERM (shutdown timeout 5 s)");
    }
  }

  private static long journalBatches(Path spool) throws Exception {
    Path live = spool.resolve("live");
    if (!Files.isDirectory(live)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(live)) {
      return s.filter(p -> p.toString().endsWith(".batch")).count();
    }
  }
}
