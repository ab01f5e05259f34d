package dev.syncmetrics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.internal.spool.FileSpool;
import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.CatalogReads;
import dev.syncmetrics.testing.JavaChild;
import dev.syncmetrics.testing.LiveSyncChild;
import dev.syncmetrics.testing.TcpFaultProxy;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash battery: a reporter process syncing 50 kinds again and again against a slow webhook
 * (the real catalog behind a proxy that holds every answer back) is killed with SIGKILL at random
 * instants; after each kill a new reporter process runs (its run first delivers what the spool and
 * the dead process's journal hold), every fifth time {@code push --spool} too, and once more at the
 * end. Then the catalog holds every payload of every kind whose {@code end()} had returned before
 * its kill and of every run whose {@code finish()} had returned, each once, and nothing of a kind
 * that had not begun to end. Set {@code -Dcrash.seed=N} to replay; the seed and the counts are
 * printed.
 */
class LiveCrashIT {
  private static final int KILLS = 20;
  private static final int KINDS = 50;
  private static final int MAX_KILL_DELAY_MILLIS = 5000;

  /** The child JVMs start faster with the client compiler only; what they run is the same. */
  private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");

  private static final Duration SLOW_ANSWER = Duration.ofMillis(150);
  private static final String PHASE = "integration_kind_phase_metrics";
  private static final String PREFIX = LiveSyncChild.TYPE + "-" + LiveSyncChild.IDENTIFIER + "-";

  @TempDir Path dir;

  private final Set<String> ending = ConcurrentHashMap.newKeySet();
  private final Set<String> ended = ConcurrentHashMap.newKeySet();
  private final Set<String> runs = ConcurrentHashMap.newKeySet();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();

  @Test
  void killedReportersLoseNoEndedKindAndTheCatalogHoldsEachPayloadOnce() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("LiveCrashIT seed=" + seed + " (replay with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path spool = dir.resolve("spool");
    CatalogProcess catalog = CatalogProcess.start(dir.resolve("c.db").toString(), dir);
    long start = System.nanoTime();
    int pushes = 0;
    try (TcpFaultProxy proxy = TcpFaultProxy.start(catalog.port())) {
      proxy.delay(SLOW_ANSWER);
      proxy.mode(TcpFaultProxy.Mode.DELAY_ANSWER); // stored at once, answered 150 ms later
      String webhook = proxy.url("/webhook");
      List<Integer> delays = new ArrayList<>();
      for (int i = 0; i < KILLS; i++) {
        int delay = random.nextInt(MAX_KILL_DELAY_MILLIS + 1);
        delays.add(delay);
        runAndKill(spool, webhook, random.nextLong(), delay);
        if (i % 5 == 4) {
          pushSpool(spool, webhook);
          pushes++;
        }
      }
      for (int i = 0;
          i < 5 && new FileSpool(spool, Integer.MAX_VALUE, Long.MAX_VALUE).size() > 0;
          i++) {
        pushSpool(spool, webhook);
        pushes++;
      }
      pushSpool(spool, webhook); // brings in what the last process's journal holds, and sends it
      pushes++;
      assertEquals(
          0, new FileSpool(spool, Integer.MAX_VALUE, Long.MAX_VALUE).size(), "the spool is empty");

      Map<String, Integer> stored = storedPayloads(new CatalogReads(catalog.baseUrl()));
      Set<String> lost = new TreeSet<>();
      for (String key : ended) {
        if (!stored.containsKey(key)) {
          lost.add(key);
        }
      }
      for (String event : finished) {
        if (!stored.containsKey(event + ":__runtime__")) {
          lost.add(event + ":__runtime__");
        }
      }
      Set<String> duplicates = new TreeSet<>();
      Set<String> extra = new TreeSet<>();
      int window = 0;
      for (Map.Entry<String, Integer> e : stored.entrySet()) {
        if (e.getValue() > 1) {
          duplicates.add(e.getKey() + " x" + e.getValue());
        }
        String key = e.getKey();
        boolean runtime = key.endsWith(":__runtime__");
        String event = key.substring(0, key.indexOf(':'));
        if (runtime ? !runs.contains(event) : !ending.contains(key)) {
          extra.add(key);
        }
        if (!runtime && !ended.contains(key)) {
          window++; // end() had begun but not returned (or was not printed) when the kill came
        }
      }
      String counts =
          KILLS
              + " kills (seed "
              + seed
              + ", delays "
              + delays.stream().mapToInt(d -> d).summaryStatistics()
              + " ms after the first run started), "
              + runs.size()
              + " runs, "
              + ended.size()
              + " kinds ended and "
              + finished.size()
              + " runs finished before their kill; catalog holds "
              + stored.size()
              + " payloads ("
              + window
              + " of kinds killed inside end()); lost "
              + lost.size()
              + ", duplicates "
              + duplicates.size()
              + ", not ended "
              + extra.size()
              + "; "
              + pushes
              + " push --spool runs; "
              + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)
              + " s";
      System.out.println("LiveCrashIT " + counts);
      assertTrue(lost.isEmpty(), "lost: " + lost);
      assertTrue(duplicates.isEmpty(), "stored twice: " + duplicates);
      assertTrue(extra.isEmpty(), "stored but never ended: " + extra);
      assertTrue(ended.size() > KILLS, "the processes had time to end kinds: " + counts);
      Figures.record("live crash", counts);
    } finally {
      catalog.close();
    }
  }

  /** Starts a reporter process, and kills it {@code delayMillis} after its first run started. */
  private void runAndKill(Path spool, String webhook, long childSeed, int delayMillis)
      throws Exception {
    Process child =
        JavaChild.start(
            FAST_START,
            LiveSyncChild.class,
            spool.toString(),
            webhook,
            "loop",
            Integer.toString(KINDS),
            Long.toString(childSeed));
    child.getErrorStream().close(); // its log is not needed
    CountDownLatch started = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.startsWith("run ")) {
                    runs.add(line.substring(4));
                    started.countDown();
                  } else if (line.startsWith("ending ")) {
                    ending.add(line.substring(7));
                  } else if (line.startsWith("ended ") && line.endsWith(" .")) {
                    ended.add(line.substring(6, line.length() - 2));
                  } else if (line.startsWith("finished ") && line.endsWith(" .")) {
                    finished.add(line.substring(9, line.length() - 2));
                  }
                }
              } catch (IOException killed) {
                // the pipe closes with the process
              }
            });
    reader.start();
    try {
      assertTrue(started.await(60, TimeUnit.SECONDS), "the child did not start a run");
      Thread.sleep(delayMillis);
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      reader.join(10_000);
    }
  }

  /** {@code syncmetrics push --spool}, as an operator runs it, configured by the environment. */
  private void pushSpool(Path spool, String webhook) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FAST_START);
    String jar = System.getProperty("syncmetrics.jar");
    if (jar != null && new File(jar).isFile()) {
      command.addAll(List.of("-jar", jar));
    } else {
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), "dev.syncmetrics.internal.cli.Main"));
    }
    command.addAll(List.of("push", "--spool"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("METRICS_ENABLED", "true");
    env.put("METRICS_WEBHOOK_URL", webhook);
    env.put("METRICS_SPOOL_DIR", spool.toString());
    env.put("METRICS_INTEGRATION_TYPE", LiveSyncChild.TYPE);
    env.put("METRICS_INTEGRATION_IDENTIFIER", LiveSyncChild.IDENTIFIER);
    env.put("METRICS_INTEGRATION_VERSION", "1.0.0");
    env.put("METRICS_TIMEOUT_SECONDS", "30");
    JavaChild.Outcome o = JavaChild.await(pb.start());
    assertTrue(o.exitCode() == 0 || o.exitCode() == 1, "push --spool ran: " + o.stdout());
  }

  /**
   * Every payload the catalog stored, by idempotency key, with how many times: a kind's history has
   * one point per payload stored, so a payload stored twice shows as two points of its event.
   */
  private static Map<String, Integer> storedPayloads(CatalogReads reads) {
    Map<String, Integer> stored = new HashMap<>();
    for (int i = 0; i < KINDS; i++) {
      count(stored, reads.history(PHASE, PREFIX + "kind-" + i), "kind-" + i);
    }
    List<JsonNode> runtime = new ArrayList<>();
    for (JsonNode p : reads.history(PHASE, PREFIX + "__runtime__")) {
      if (!"syncing".equals(p.path("sync_state").asText())) {
        runtime.add(p); // the syncing announcements are not payloads of the spool
      }
    }
    count(stored, runtime, "__runtime__");
    return stored;
  }

  private static void count(Map<String, Integer> stored, List<JsonNode> points, String kind) {
    for (JsonNode p : points) {
      stored.merge(p.path("event_id").asText() + ":" + kind, 1, Integer::sum);
    }
  }
}
