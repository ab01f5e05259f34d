package dev.syncmetrics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.testing.FaultyCatalog;
import dev.syncmetrics.testing.SpoolingChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a spooling process with SIGKILL at random moments, again and again on one spool; then the
 * spool must deliver every payload the process said it saved, and nothing that is not a whole
 * payload. Set {@code -Dcrash.seed=N} to replay a run; the seed is printed.
 */
class SpoolCrashIT {
  private static final int ITERATIONS = 24;
  private static final int MAX_KILL_DELAY_MILLIS = 400;

  @TempDir Path spool;

  @Test
  void aProcessKilledWhileSpoolingLeavesEveryFullyWrittenPayloadAndNothingCorrupt()
      throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("SpoolCrashIT seed=" + seed + " (replay with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    Set<String> saved = ConcurrentHashMap.newKeySet();
    List<Integer> delays = new ArrayList<>();
    for (int i = 0; i < ITERATIONS; i++) {
      int delay = random.nextInt(MAX_KILL_DELAY_MILLIS + 1);
      delays.add(delay);
      runAndKill("crash-" + i, random.nextLong(), delay, saved);
    }
    assertTrue(saved.size() > ITERATIONS, "the child had time to save something: " + saved.size());

    try (FaultyCatalog catalog = FaultyCatalog.start();
        SyncReporter reporter =
            SyncReporter.builder(
                    SyncMetricsConfig.builder()
                        .enabled(true)
                        .integration("github", "crash", "1")
                        .webhookUrl(catalog.url())
                        .timeout(Duration.ofSeconds(60))
                        .spoolDir(spool)
                        .build())
                .build()) {
      ReportResult r = reporter.redeliverSpool();
      assertTrue(r.allDelivered(), r.toString());
      Map<String, String> stored = catalog.stored();
      for (String key : saved) {
        assertTrue(stored.containsKey(key), "saved before the kill but not delivered: " + key);
      }
      for (Map.Entry<String, String> e : stored.entrySet()) {
        String[] id = e.getKey().split(":", 2);
        assertEquals(
            SpoolingChild.payload(id[0], id[1]).json(),
            e.getValue(),
            "delivered as written: " + e.getKey());
      }
      assertEquals(0, files(spool, ".payload.json"), "the spool is empty after delivery");
      assertEquals(0, files(spool.resolve("corrupt"), ""), "no file was torn by a kill");
      Figures.record(
          "crash",
          ITERATIONS
              + " kills (seed "
              + seed
              + ", delays "
              + delays.stream().mapToInt(d -> d).summaryStatistics()
              + " ms after the first save): "
              + saved.size()
              + " payloads printed saved, "
              + stored.size()
              + " delivered (the rest were written but killed before printing), redelivery took "
              + r.took().toMillis()
              + " ms");
    }
  }

  private void runAndKill(String run, long childSeed, int delayMillis, Set<String> saved)
      throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SpoolingChild.class.getName(),
                spool.toString(),
                run,
                Long.toString(childSeed))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch firstSave = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.equals("ready")) {
                    ready.countDown();
                  } else if (line.startsWith("saved ")
                      && line.endsWith(" .")) { // a whole line only
                    saved.add(line.substring(6, line.length() - 2));
                    firstSave.countDown();
                  }
                }
              } catch (java.io.IOException killed) {
                // the pipe closes with the process
              }
            });
    reader.start();
    try {
      assertTrue(ready.await(30, TimeUnit.SECONDS), "the child did not start");
      // the kill comes at a random instant after the child's first save, so every run kills a
      // child in the middle of spooling however slow a loaded machine makes it start
      assertTrue(
          firstSave.await(30, TimeUnit.SECONDS), "the child saved nothing within 30 s of starting");
      Thread.sleep(delayMillis);
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      reader.join(10_000);
    }
  }

  private static long files(Path dir, String suffix) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
    }
  }
}
