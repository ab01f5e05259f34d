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
    int[] adopted = Journal.adoptOrphans(dir, this::keepAdopted);
    if (adopted[0] > 0) {
      logger.info(
          "syncmetrics: {} payloads a process left undelivered when it died are back in the spool",
          adopted[0]);
    }
    FileClaim claim = new FileClaim(dir, SpoolFiles.list(dir), lock.get());
    claim.countCorrupt(adopted[1]);
    return claim;
  }

  /** Saves a dead process's unsettled payloads; returns how many need no further keeping. */
  private int keepAdopted(List<Payload> payloads) throws IOException {
    SaveResult r = save(payloads, Duration.ofSeconds(2).plus(saveTime(payloads.size())));
    return payloads.size() - r.unwritten();
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
   * report, within the bounds; they are then settled in the journal. When some cannot be written in
   * time they all stay in the journal (and are adopted into the spool once this process is gone).
   */
  @Override
  public SaveResult keep(List<Journal.Entry> entries, Duration within) throws IOException {
    if (entries.isEmpty()) {
      return new SaveResult(0, 0, 0, 0, null);
    }
    List<Payload> payloads = new ArrayList<>(entries.size());
    entries.forEach(e -> payloads.add(e.payload()));
    SaveResult r = save(payloads, within);
    if (r.unwritten() == 0) {
      Journal j;
      synchronized (this) {
        j = journal;
      }
      if (j != null) {
        entries.forEach(j::settle);
      }
    }
    return r;
  }

  @Override
  public SaveResult save(List<Payload> payloads, Duration within) throws IOException {
    if (payloads.isEmpty()) {
      return new SaveResult(0, 0, 0, 0, null);
    }
    long start = System.nanoTime();
    long deadline = start + Math.max(0, within.toNanos());
    Files.createDirectories(dir);
    try (SpoolLock lock =
        SpoolLock.acquire(dir.resolve(SAVE_LOCK), within.dividedBy(4)).orElse(null)) {
      List<Payload> keep = new ArrayList<>();
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
          keep.add(0, p);
          keepBytes += size;
        }
      }
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
      SaveResult written = writer.writeAll(dir, keep, deadline, SEQUENCE);
      SpoolFiles.forceDirectory(dir);
      if (written.saved() > 0) {
        long per = (System.nanoTime() - start) / written.saved();
        nanosPerFile.updateAndGet(old -> (old * 3 + per) / 4);
      }
      return new SaveResult(
          written.saved(),
          droppedWaiting,
          batchDropped + tooBig,
          written.unwritten(),
          written.problem());
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

  @Override
  public int size() {
    return SpoolFiles.list(dir).size();
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
