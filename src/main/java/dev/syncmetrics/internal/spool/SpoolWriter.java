package dev.syncmetrics.internal.spool;

import dev.syncmetrics.Payload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes payload files until a deadline, newest first, so that if time runs out it is the oldest
 * that are not written.
 *
 * <p>Every file is forced to disk before its rename, while time allows. Many files are written by
 * several threads at once: the file system commits concurrent forces together. When the time left
 * would not do for forcing every remaining file, the rest are written without their own force:
 * still atomically renamed (they survive the process being killed), and a file a power loss tears
 * is recognised by its length and CRC32 and never delivered (docs/reliability.md).
 */
final class SpoolWriter {
  private static final Logger logger = LoggerFactory.getLogger(SpoolWriter.class);

  /** From this many files on, several threads write. */
  static final int PARALLEL_FROM = 8;

  static final int THREADS = 8;

  /** Writing without a force is bound by the processors, not by the disk. */
  private static final int CPUS =
      Math.max(1, Math.min(THREADS, Runtime.getRuntime().availableProcessors()));

  /** Measured wall time per file written without a force, starting from a cautious guess. */
  private final AtomicLong unforcedNanos = new AtomicLong(500_000);

  /**
   * Writes {@code payloads} under names in their order; what is not written by the deadline is
   * counted, and {@code written[i]} (when given) says whether {@code payloads.get(i)} was.
   */
  Spool.SaveResult writeAll(
      Path dir,
      List<Payload> payloads,
      long deadlineNanos,
      AtomicLong sequence,
      boolean[] written) {
    int n = payloads.size();
    Path[] targets = new Path[n];
    for (int i = 0; i < n; i++) {
      Payload p = payloads.get(i);
      targets[i] =
          dir.resolve(
              SpoolName.of(
                      System.currentTimeMillis(),
                      sequence.incrementAndGet(),
                      p.idempotencyKey(),
                      p.body())
                  .fileName());
    }
    int threads = n < PARALLEL_FROM ? 1 : THREADS;
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger saved = new AtomicInteger();
    AtomicInteger unforced = new AtomicInteger();
    AtomicReference<String> problem = new AtomicReference<>();
    Runnable work =
        () -> {
          int k;
          while ((k = taken.getAndIncrement()) < n) {
            int i = n - 1 - k; // newest first
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
              problem.compareAndSet(null, "the report's deadline passed while spooling");
              return;
            }
            // force while the time left would still do for writing all the rest unforced, twice
            // over
            boolean force = 2L * (n - k) * unforcedNanos.get() / CPUS < deadlineNanos - now;
            try {
              long start = System.nanoTime();
              SpoolFiles.writeAtomically(targets[i], payloads.get(i).body(), force);
              if (!force) {
                unforced.incrementAndGet();
                long took = System.nanoTime() - start;
                unforcedNanos.updateAndGet(old -> (old * 7 + took) / 8);
              }
              saved.incrementAndGet();
              if (written != null) {
                written[i] = true;
              }
            } catch (IOException | RuntimeException e) {
              problem.compareAndSet(null, "cannot write " + dir + ": " + e.getMessage());
            }
          }
        };
    Thread[] helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(work, "syncmetrics-spool-writer");
      helpers[t].setDaemon(true);
      helpers[t].start();
    }
    work.run();
    // no write starts after the deadline; a write under way when it passes is let finish (one
    // file, at most two seconds), so every file on disk is counted as saved
    for (Thread helper : helpers) {
      try {
        helper.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000) + 2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (unforced.get() > 0) {
      logger.warn(
          "syncmetrics: time ran short: {} of {} spooled payloads were written without forcing each"
              + " to disk (safe if this process dies, maybe not if the machine loses power now)",
          unforced.get(),
          n);
    }
    int done = saved.get();
    return new Spool.SaveResult(done, 0, 0, n - done, done == n ? null : problem.get());
  }
}
