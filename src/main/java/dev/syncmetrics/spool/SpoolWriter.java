package dev.syncmetrics.spool;

import dev.syncmetrics.Payload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes payload files until a deadline. Many files are written by a few threads at once: each
 * file is forced to disk on its own, and the file system commits concurrent forces together,
 * which measured about twice as fast as one after the other (docs/reliability.md).
 */
final class SpoolWriter {
  /** From this many files on, several threads write. */
  static final int PARALLEL_FROM = 16;
  static final int THREADS = 4;

  SpoolWriter() {}

  /** Writes {@code payloads} in order of their names; what is not written by the deadline is counted. */
  Spool.SaveResult writeAll(Path dir, List<Payload> payloads, long deadlineNanos, AtomicLong sequence) {
    int n = payloads.size();
    Path[] targets = new Path[n];
    for (int i = 0; i < n; i++) {
      Payload p = payloads.get(i);
      targets[i] = dir.resolve(SpoolName.of(System.currentTimeMillis(), sequence.incrementAndGet(),
          p.idempotencyKey(), p.body()).fileName());
    }
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicInteger saved = new AtomicInteger();
    AtomicReference<String> problem = new AtomicReference<>();
    Runnable work = () -> {
      int i;
      while ((i = nextIndex.getAndIncrement()) < n) {
        if (System.nanoTime() >= deadlineNanos) {
          problem.compareAndSet(null, "the report's deadline passed while spooling");
          return;
        }
        try {
          SpoolFiles.writeAtomically(targets[i], payloads.get(i).body());
          saved.incrementAndGet();
        } catch (IOException | RuntimeException e) {
          problem.compareAndSet(null, "cannot write " + dir + ": " + e.getMessage());
        }
      }
    };
    int threads = n < PARALLEL_FROM ? 1 : THREADS;
    Thread[] helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(work, "syncmetrics-spool-writer");
      helpers[t].setDaemon(true);
      helpers[t].start();
    }
    work.run();
    for (Thread helper : helpers) {
      long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
      try {
        helper.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int written = saved.get();
    return new Spool.SaveResult(written, 0, 0, n - written, written == n ? null : problem.get());
  }
}
