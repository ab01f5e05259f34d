package dev.syncmetrics.internal.spool;

import dev.syncmetrics.Payload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded spool of one file per payload in a directory (layout in docs/reliability.md).
 *
 * <pre>{@code
 * Spool spool = new FileSpool(Path.of("/var/spool/syncmetrics"), 10_000, 256L << 20);
 * }</pre>
 *
 * <ul>
 *   <li>Each file is written to a temporary name, forced to disk, then renamed into place: a
 *       process killed at any instant leaves the whole file or none. Its name carries its length
 *       and CRC32, so a file that is not exactly what was written is never delivered: it is moved
 *       to {@code corrupt/} with a warning.
 *   <li>Names start with the time of saving, so sorting names sorts by age.
 *   <li>{@link #claim()} holds {@code spool.lock} until the claim is closed: processes sharing the
 *       directory never deliver the same file twice. Saving holds {@code save.lock} briefly so that
 *       concurrent savers keep the bounds.
 *   <li>Bounds (files and payload bytes) are kept before writing: the oldest are dropped to make
 *       room, never the newest.
 *   <li>The newest unpushed Pushgateway state of each group is kept under {@code pushgateway/}.
 *   <li>Payloads being delivered are written ahead to this process's {@link Journal} under {@code
 *       live/}; {@link #claim()} first adopts the journals of processes that died.
 * </ul>
 */
public final class FileSpool implements Spool {
  private static final Logger logger = LoggerFactory.getLogger(FileSpool.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final String CLAIM_LOCK = "spool.lock";
  private static final String SAVE_LOCK = "save.lock";
  private static final Duration DEFAULT_ADOPT_TIME = Duration.ofSeconds(10);

  private final Path dir;
  private final int maxFiles;
  private final long maxBytes;
  private final SpoolWriter writer = new SpoolWriter();
  private final PushStates pushStates;
  private Journal journal;
  private boolean closed;

  /** Measured wall time per saved file, starting from a cautious guess. */
  private final AtomicLong nanosPerFile = new AtomicLong(2_000_000);

  /**
   * @param dir the spool directory, created when first needed
   * @param maxFiles at most this many payloads wait (at least 1)
   * @param maxBytes at most this many payload bytes wait (at least 1)
   */
  public FileSpool(Path dir, int maxFiles, long maxBytes) {
    this.dir = Objects.requireNonNull(dir, "dir must not be null");
    if (maxFiles < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "spool bounds must be at least 1, got " + maxFiles + " files and " + maxBytes + " bytes");
    }
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
    this.pushStates = new PushStates(dir, dir.resolve(SAVE_LOCK));
  }

  public Path directory() {
    return dir;
  }

  @Override
  public Claim claim() {
    return claim(DEFAULT_ADOPT_TIME);
  }

  /**
   * Takes the backlog, after first bringing into it (within {@code adoptWithin}) what journals hold
   * that no living process will deliver: batches released by runs that could not spool them in time
   * ({@code live/held/}), and the journals of processes that died.
   */
  @Override
  public Claim claim(Duration adoptWithin) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot create spool {}: {}", dir, e.getMessage());
      return Claim.NONE;
    }
    Optional<SpoolLock> lock = SpoolLock.tryAcquire(dir.resolve(CLAIM_LOCK));
    if (lock.isEmpty()) {
      return Claim.NONE;
    }
    long deadline = System.nanoTime() + Math.max(0, adoptWithin.toNanos());
    int[] adopted =
        Journal.adoptOrphans(dir, (payloads, settled) -> keepAdopted(payloads, settled, deadline));
    if (adopted[0] > 0) {
      logger.info(
          "syncmetrics: {} payloads left in journals (by a process that died, or not spooled in"
              + " time) are back in the spool",
          adopted[0]);
    }
    FileClaim claim = new FileClaim(dir, SpoolFiles.list(dir), lock.get());
    claim.countCorrupt(adopted[1]);
    claim.countLeftInJournals(Journal.held(dir));
    return claim;
  }

  /** Saves payloads a journal still holds, marking those that need no more keeping. */
  private void keepAdopted(List<Payload> payloads, boolean[] settled, long deadline)
      throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return; // no time left: the batch waits for the next claim
    }
    save(payloads, Duration.ofNanos(left), settled);
  }

  /**
   * This process's write-ahead journal, opened when first asked for.
   *
   * @throws IOException when the spool directory cannot be used
   */
  @Override
  public synchronized Journal journal() throws IOException {
    if (closed) {
      throw new IOException("the spool is closed");
    }
    if (journal == null) {
      journal = Journal.open(dir);
    }
    return journal;
  }

  /**
   * Moves journal entries that could not be delivered into the spool, where they wait for a later
   * report, within the bounds; they are then settled in the journal. Those that cannot be written
   * in time are released: their batch moves to {@code live/held/} when nothing of it is in flight,
   * and the next claim brings them into the spool. They count as saved: they wait on disk.
   */
  @Override
  public SaveResult keep(List<Journal.Entry> entries, Duration within) throws IOException {
    if (entries.isEmpty()) {
      return new SaveResult(0, 0, 0, 0, null);
    }
    List<Payload> payloads = new ArrayList<>(entries.size());
    entries.forEach(e -> payloads.add(e.payload()));
    boolean[] settled = new boolean[entries.size()];
    SaveResult r = save(payloads, within, settled);
    Journal j = journal();
    int held = 0;
    for (int i = 0; i < entries.size(); i++) {
      if (settled[i]) {
        j.settle(entries.get(i));
      } else if (j.release(entries.get(i))) {
        held++;
      }
    }
    if (held > 0) {
      logger.warn(
          "syncmetrics: {} undelivered payloads could not be spooled in time ({}); they wait in"
              + " the spool's journal and the next delivery brings them into the spool",
          held,
          r.problem());
    }
    int unwritten = r.unwritten() - held;
    return new SaveResult(
        r.saved() + held,
        r.droppedWaiting(),
        r.droppedNew(),
        unwritten,
        unwritten > 0 ? r.problem() : null);
  }

  @Override
  public SaveResult save(List<Payload> payloads, Duration within) throws IOException {
    return save(payloads, within, null);
  }

  /**
   * As {@link #save(List, Duration)}; {@code settled[i]}, when given, says whether {@code
   * payloads.get(i)} needs no more keeping: written, or left out on purpose by the bounds.
   */
  private SaveResult save(List<Payload> payloads, Duration within, boolean[] settled)
      throws IOException {
    if (payloads.isEmpty()) {
      return new SaveResult(0, 0, 0, 0, null);
    }
    long start = System.nanoTime();
    long deadline = start + Math.max(0, within.toNanos());
    Files.createDirectories(dir);
    try (SpoolLock lock =
        SpoolLock.acquire(dir.resolve(SAVE_LOCK), within.dividedBy(4)).orElse(null)) {
      List<Payload> keep = new ArrayList<>();
      List<Integer> keptAt = new ArrayList<>();
      long keepBytes = 0;
      int tooBig = 0;
      for (int i = payloads.size() - 1; i >= 0; i--) { // newest last in the list: keep it first
        Payload p = payloads.get(i);
        long size = p.body().length;
        if (size > maxBytes) {
          tooBig++;
          logger.warn(
              "syncmetrics: payload {} has {} bytes, more than the spool may hold ({}): not kept",
              p.idempotencyKey(),
              size,
              maxBytes);
        } else if (keep.size() < maxFiles && keepBytes + size <= maxBytes) {
          keep.add(p);
          keptAt.add(i);
          keepBytes += size;
        }
      }
      java.util.Collections.reverse(keep);
      java.util.Collections.reverse(keptAt);
      int batchDropped = payloads.size() - keep.size() - tooBig;
      if (batchDropped > 0) {
        logger.warn(
            "syncmetrics: {} payloads of one report exceed the spool's bounds ({} payloads, {}"
                + " bytes): kept the {} newest",
            payloads.size(),
            maxFiles,
            maxBytes,
            keep.size());
      }
      int droppedWaiting = makeRoom(keep.size(), keepBytes);
      boolean[] written = new boolean[keep.size()];
      SaveResult result = writer.writeAll(dir, keep, deadline, SEQUENCE, written);
      SpoolFiles.forceDirectory(dir);
      if (settled != null) {
        java.util.Arrays.fill(settled, true); // left out on purpose, unless kept and not written
        for (int k = 0; k < written.length; k++) {
          settled[keptAt.get(k)] = written[k];
        }
      }
      if (result.saved() > 0) {
        long per = (System.nanoTime() - start) / result.saved();
        nanosPerFile.updateAndGet(old -> (old * 3 + per) / 4);
      }
      return new SaveResult(
          result.saved(),
          droppedWaiting,
          batchDropped + tooBig,
          result.unwritten(),
          result.problem());
    }
  }

  /** Drops the oldest waiting files until {@code files} more of {@code bytes} fit. */
  private int makeRoom(int files, long bytes) {
    List<SpoolFiles.Entry> waiting = SpoolFiles.list(dir);
    long total = 0;
    for (SpoolFiles.Entry e : waiting) {
      total += e.name().length();
    }
    int count = waiting.size();
    int dropped = 0;
    for (SpoolFiles.Entry e : waiting) {
      if (count + files <= maxFiles && total + bytes <= maxBytes) {
        break;
      }
      try {
        if (Files.deleteIfExists(e.path())) {
          dropped++;
        }
      } catch (IOException ex) {
        logger.warn(
            "syncmetrics: cannot drop spool file {}: {}", e.path().getFileName(), ex.getMessage());
      }
      count--;
      total -= e.name().length();
    }
    if (dropped > 0) {
      logger.warn(
          "syncmetrics: spool {} is full (at most {} payloads, {} bytes): dropped the {} oldest",
          dir,
          maxFiles,
          maxBytes,
          dropped);
    }
    return dropped;
  }

  @Override
  public Duration saveTime(int payloads) {
    return Duration.ofNanos(nanosPerFile.get() * payloads);
  }

  @Override
  public void savePushState(String group, List<Payload> runPayloads) throws IOException {
    pushStates.save(group, runPayloads);
  }

  @Override
  public Optional<List<Payload>> pushState(String group) {
    return pushStates.read(group);
  }

  @Override
  public List<String> pushStateGroups() {
    return pushStates.groups();
  }

  @Override
  public void clearPushState(String group, Instant pushed) {
    pushStates.clear(group, pushed);
  }

  /** Payload files waiting, and payloads released to {@code live/held/} not yet brought in. */
  @Override
  public int size() {
    return SpoolFiles.list(dir).size() + Journal.held(dir);
  }

  /** Closes the journal: left for adoption if some of it was never settled. */
  @Override
  public void close() {
    Journal j;
    synchronized (this) {
      closed = true;
      j = journal;
    }
    if (j != null) {
      j.close();
    }
  }
}
