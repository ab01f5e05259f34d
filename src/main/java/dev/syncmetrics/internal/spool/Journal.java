package dev.syncmetrics.internal.spool;

import dev.syncmetrics.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payloads this process is delivering, on disk before their first send: the spool's write-ahead
 * log (docs/reliability.md, "Write-ahead").
 *
 * <pre>{@code
 * List<Journal.Entry> entries = journal.write(payloads);   // one file, one force, then send
 * journal.settle(entries.get(0));                          // delivered: never to be sent again
 * }</pre>
 *
 * <p>Each {@link #write} is one batch file under {@code live/<owner>/}: written to a temporary
 * name, forced, renamed into place, the directory forced. So payloads written together share one
 * force (group commit), and a batch survives SIGKILL from the moment its rename returns. A settled
 * entry is recorded in the batch's {@code .acks} file (appended, not forced); the batch file goes
 * once every entry is settled. An entry its run could not spool in time is released instead: once
 * nothing of its batch is in flight, the batch (with its acks) moves to {@code live/held/}. The
 * owner directory is locked (an OS lock, released when the process dies) for as long as the journal
 * is open; a claim brings into the spool what {@code live/held/} and the directories of dead owners
 * hold ({@link #adoptOrphans}).
 */
public final class Journal implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Journal.class);
  static final String LIVE = "live";
  static final String HELD = "held";
  private static final String OWNER_LOCK = "owner.lock";
  private static final String BATCH = ".batch";
  private static final String ACKS = ".acks";
  private static final byte[] MAGIC = "syncmetrics-batch 1\n".getBytes(StandardCharsets.US_ASCII);

  private final Path dir;
  private final String owner;
  private final SpoolLock lock;
  private long sequence;
  private int open;
  private boolean closed;

  private Journal(Path dir, SpoolLock lock) {
    this.dir = dir;
    this.owner = dir.getFileName().toString();
    this.lock = lock;
  }

  /**
   * Creates this process's journal under {@code spoolDir/live/}: the directory is made and locked
   * under a hidden name, then renamed, so that nobody adopts it before it is locked.
   */
  static Journal open(Path spoolDir) throws IOException {
    Path live = Files.createDirectories(spoolDir.resolve(LIVE));
    String owner = UUID.randomUUID().toString();
    Path hidden = Files.createDirectory(live.resolve(".new-" + owner));
    SpoolLock lock =
        SpoolLock.tryAcquire(hidden.resolve(OWNER_LOCK))
            .orElseThrow(() -> new IOException("cannot lock " + hidden.resolve(OWNER_LOCK)));
    Path dir = live.resolve(owner);
    try {
      Files.move(hidden, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      lock.close();
      throw e;
    }
    SpoolFiles.forceDirectory(live);
    return new Journal(dir, lock);
  }

  /** One payload in a batch, to be settled once. */
  public static final class Entry {
    private final Batch batch;
    private final int index;
    private final Payload payload;

    private Entry(Batch batch, int index, Payload payload) {
      this.batch = batch;
      this.index = index;
      this.payload = payload;
    }

    public Payload payload() {
      return payload;
    }
  }

  private static final class Batch {
    static final byte PENDING = 0;
    static final byte SETTLED = 1;
    static final byte RELEASED = 2;

    final Path file;
    final byte[] state;
    int pending;
    int released;

    Batch(Path file, int size) {
      this.file = file;
      this.state = new byte[size];
      this.pending = size;
    }
  }

  /**
   * Writes {@code payloads} as one batch: one file, forced with its directory, before this returns.
   *
   * @throws IOException when it cannot be written; nothing of it is then on disk
   */
  public List<Entry> write(List<Payload> payloads) throws IOException {
    Path file;
    synchronized (this) {
      if (closed) {
        throw new IOException("the spool's journal is closed");
      }
      file = dir.resolve(String.format("%012d%s", ++sequence, BATCH));
      open++;
    }
    Batch batch = new Batch(file, payloads.size());
    try {
      SpoolFiles.writeAtomically(file, encode(payloads), true);
      SpoolFiles.forceDirectory(dir);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        open--;
      }
      throw e;
    }
    List<Entry> entries = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      entries.add(new Entry(batch, i, payloads.get(i)));
    }
    return entries;
  }

  /**
   * The entry needs no more delivery (delivered, refused for good, or kept in the spool): it is
   * never sent again from this journal. Settling (or releasing) twice does nothing.
   */
  public void settle(Entry entry) {
    end(entry, Batch.SETTLED);
  }

  /**
   * The entry could not be delivered nor spooled in time: it stays on disk, and once nothing of its
   * batch is in flight the batch moves to {@code live/held/}, for the next claim to bring into the
   * spool.
   *
   * @return false when it had been settled or released before
   */
  public boolean release(Entry entry) {
    return end(entry, Batch.RELEASED);
  }

  private boolean end(Entry entry, byte how) {
    Batch b = entry.batch;
    synchronized (b) {
      if (b.state[entry.index] != Batch.PENDING) {
        return false;
      }
      b.state[entry.index] = how;
      b.pending--;
      if (how == Batch.RELEASED) {
        b.released++;
      } else if (b.pending > 0 || b.released > 0) {
        appendAck(b.file, entry.index); // the batch stays on disk: this entry must not go again
      }
      if (b.pending > 0) {
        return true;
      }
      if (b.released > 0) {
        hold(b.file, b.state.length);
      } else {
        delete(b.file);
      }
    }
    synchronized (this) {
      open--;
    }
    return true;
  }

  private static void delete(Path batch) {
    try {
      Files.deleteIfExists(acks(batch));
      Files.deleteIfExists(batch);
    } catch (IOException e) {
      logger.warn(
          "syncmetrics: cannot remove delivered batch {}: {}", batch.getFileName(), e.getMessage());
    }
  }

  /**
   * Moves a batch whose unsettled entries were released to {@code live/held/}, named by the time,
   * its owner and its entries, acks first (a batch without its acks would send settled entries
   * again: recognised as duplicates, but not wanted).
   */
  private void hold(Path batch, int entries) {
    String name = batch.getFileName().toString();
    String base = name.substring(0, name.length() - BATCH.length());
    Path held = dir.getParent().resolve(HELD);
    try {
      String heldBase =
          String.format("%016d-%s-%s-%d", System.currentTimeMillis(), owner, base, entries);
      Files.createDirectories(held);
      if (Files.exists(acks(batch))) {
        Files.move(
            acks(batch),
            held.resolve(heldBase + ACKS),
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(
          batch, held.resolve(heldBase + BATCH), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      SpoolFiles.forceDirectory(held);
    } catch (IOException e) {
      logger.warn(
          "syncmetrics: cannot hand batch {} over to {} (its payloads go when this process is"
              + " gone): {}",
          name,
          held,
          e.getMessage());
    }
  }

  /**
   * Payloads waiting in {@code live/held/}: each held batch's entries (its name says how many) less
   * those its acks mark settled.
   */
  static int held(Path spoolDir) {
    Path held = spoolDir.resolve(LIVE).resolve(HELD);
    if (!Files.isDirectory(held)) {
      return 0;
    }
    int n = 0;
    try (var stream = Files.newDirectoryStream(held, "*" + BATCH)) {
      for (Path batch : stream) {
        String name = batch.getFileName().toString();
        String base = name.substring(0, name.length() - BATCH.length());
        try {
          int entries = Integer.parseInt(base.substring(base.lastIndexOf('-') + 1));
          n += Math.max(0, entries - readAcks(acks(batch)).size());
        } catch (NumberFormatException notOurs) {
          // not named by hold(): counted when adopted
        }
      }
    } catch (IOException e) {
      logger.debug("syncmetrics: cannot list {}: {}", held, e.getMessage());
    }
    return n;
  }

  /** Batches written and not yet wholly settled. */
  public synchronized int openBatches() {
    return open;
  }

  /**
   * Lets go of the journal: its directory is removed when every batch was settled; otherwise it is
   * unlocked and left for a later process (or claim) to adopt.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (openBatches() == 0) {
      deleteDirectory(dir);
    }
    lock.close();
  }

  private static void appendAck(Path batch, int index) {
    try {
      Files.write(
          acks(batch),
          (index + "\n").getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      // without the mark the entry is sent again after a crash, and recognised as a duplicate
      logger.debug("syncmetrics: cannot mark {} settled: {}", batch.getFileName(), e.getMessage());
    }
  }

  private static Path acks(Path batch) {
    String name = batch.getFileName().toString();
    return batch.resolveSibling(name.substring(0, name.length() - BATCH.length()) + ACKS);
  }

  /**
   * {@code magic}, then per payload a line {@code <body length> <crc32 hex> <event id length> <kind
   * identifier length>} and the event id, kind identifier and body bytes.
   */
  static byte[] encode(List<Payload> payloads) {
    int size = MAGIC.length;
    for (Payload p : payloads) {
      size += 64 + p.body().length + p.eventId().length() * 3 + p.kindIdentifier().length() * 3;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes(MAGIC);
    for (Payload p : payloads) {
      byte[] event = p.eventId().getBytes(StandardCharsets.UTF_8);
      byte[] kind = p.kindIdentifier().getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(event);
      crc.update(kind);
      crc.update(p.body());
      String head =
          p.body().length
              + " "
              + Long.toHexString(crc.getValue())
              + " "
              + event.length
              + " "
              + kind.length
              + "\n";
      out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(event);
      out.writeBytes(kind);
      out.writeBytes(p.body());
    }
    return out.toByteArray();
  }

  /** The payloads of a batch file; throws when it is not whole (a length or checksum differs). */
  static List<Payload> decode(byte[] bytes) throws IOException {
    int at = MAGIC.length;
    if (bytes.length < at || !java.util.Arrays.equals(bytes, 0, at, MAGIC, 0, at)) {
      throw new IOException("not a batch file");
    }
    List<Payload> out = new ArrayList<>();
    while (at < bytes.length) {
      int eol = at;
      while (eol < bytes.length && bytes[eol] != '\n' && eol - at < 64) {
        eol++;
      }
      if (eol >= bytes.length || bytes[eol] != '\n') {
        throw new IOException("entry " + out.size() + " has no whole header");
      }
      String[] head = new String(bytes, at, eol - at, StandardCharsets.US_ASCII).split(" ");
      try {
        int body = Integer.parseInt(head[0]);
        long crc = Long.parseLong(head[1], 16);
        int event = Integer.parseInt(head[2]);
        int kind = Integer.parseInt(head[3]);
        int start = eol + 1;
        if (body < 0
            || event < 0
            || kind < 0
            || (long) start + event + kind + body > bytes.length) {
          throw new IOException("entry " + out.size() + " is cut short");
        }
        CRC32 c = new CRC32();
        c.update(bytes, start, event + kind + body);
        if (c.getValue() != crc) {
          throw new IOException("entry " + out.size() + " fails its checksum");
        }
        out.add(
            new Payload(
                new String(bytes, start, event, StandardCharsets.UTF_8),
                new String(bytes, start + event, kind, StandardCharsets.UTF_8),
                java.util.Arrays.copyOfRange(
                    bytes, start + event + kind, start + event + kind + body)));
        at = start + event + kind + body;
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new IOException("entry " + out.size() + " has a bad header");
      }
    }
    return out;
  }

  /**
   * Brings payloads a journal holds into the spool, setting {@code settled[i]} for each that needs
   * no more keeping (written, or left out on purpose by the spool's bounds).
   */
  @FunctionalInterface
  interface Keeper {
    void keep(List<Payload> payloads, boolean[] settled) throws IOException;
  }

  /**
   * Brings into the spool what journals hold that no living process will deliver: the batches of
   * {@code live/held/} and of owners that died (their lock is free), oldest first. Each unsettled
   * payload goes to {@code keeper}; those it kept are marked in the batch's acks, and a batch with
   * nothing left is removed (and then its owner's directory). What {@code keeper} cannot keep (its
   * time ran out) stays for a later claim. A batch that is not whole is moved to {@code corrupt/}.
   *
   * @return payloads brought in, and batch files found corrupt
   */
  static int[] adoptOrphans(Path spoolDir, Keeper keeper) {
    int[] found = new int[2];
    Path live = spoolDir.resolve(LIVE);
    if (!Files.isDirectory(live)) {
      return found;
    }
    List<Path> owners = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(live)) {
      for (Path p : stream) {
        if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p)) {
          owners.add(p);
        }
      }
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot list {}: {}", live, e.getMessage());
      return found;
    }
    owners.sort(null);
    for (Path owner : owners) {
      var lock = SpoolLock.tryAcquire(owner.resolve(OWNER_LOCK));
      if (lock.isEmpty()) {
        continue; // its process is alive (or another claim is adopting it)
      }
      try (SpoolLock held = lock.get()) {
        if (adopt(spoolDir, owner, keeper, found) && !owner.getFileName().toString().equals(HELD)) {
          deleteDirectory(owner);
        }
      }
    }
    return found;
  }

  private static boolean adopt(Path spoolDir, Path owner, Keeper keeper, int[] found) {
    List<Path> batches = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(owner, "*" + BATCH)) {
      stream.forEach(batches::add);
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot list {}: {}", owner, e.getMessage());
      return false;
    }
    batches.sort(null);
    boolean all = true;
    for (Path batch : batches) {
      List<Payload> payloads;
      try {
        payloads = decode(Files.readAllBytes(batch));
      } catch (java.nio.file.NoSuchFileException gone) {
        continue;
      } catch (IOException e) {
        SpoolFiles.moveAside(spoolDir, batch, e.getMessage());
        Path acks = acks(batch);
        try {
          Files.deleteIfExists(acks);
        } catch (IOException ignored) {
          // left with its batch gone: ignored by every reader
        }
        found[1]++;
        continue;
      }
      java.util.Set<Integer> acked = readAcks(acks(batch));
      List<Payload> unsettled = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      for (int i = 0; i < payloads.size(); i++) {
        if (!acked.contains(i)) {
          unsettled.add(payloads.get(i));
          at.add(i);
        }
      }
      boolean[] kept = new boolean[unsettled.size()];
      try {
        if (!unsettled.isEmpty()) {
          keeper.keep(unsettled, kept);
        }
      } catch (IOException e) {
        logger.warn("syncmetrics: cannot bring {} into the spool: {}", batch, e.getMessage());
      }
      int left = 0;
      for (int k = 0; k < kept.length; k++) {
        if (kept[k]) {
          found[0]++;
          appendAck(batch, at.get(k));
        } else {
          left++;
        }
      }
      if (left > 0) {
        all = false;
        break; // out of time: the rest waits, oldest first, for the next claim
      }
      delete(batch);
    }
    return all;
  }

  private static java.util.Set<Integer> readAcks(Path acks) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    try {
      for (String line : Files.readAllLines(acks, StandardCharsets.US_ASCII)) {
        try {
          out.add(Integer.parseInt(line.trim()));
        } catch (NumberFormatException torn) {
          // a line cut by the crash: that entry is sent again, and recognised as a duplicate
        }
      }
    } catch (java.nio.file.NoSuchFileException none) {
      // nothing was settled
    } catch (IOException e) {
      logger.debug("syncmetrics: cannot read {}: {}", acks, e.getMessage());
    }
    return out;
  }

  /** Removes an owner's directory once it holds no batch (its lock file goes last). */
  private static void deleteDirectory(Path dir) {
    List<Path> other = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.endsWith(BATCH)) {
          return; // a batch is still there: left for adoption
        }
        if (!name.equals(OWNER_LOCK)) {
          other.add(p); // acks of removed batches, temporary files of a write that died
        }
      }
      for (Path p : other) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir.resolve(OWNER_LOCK));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      logger.debug("syncmetrics: cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
