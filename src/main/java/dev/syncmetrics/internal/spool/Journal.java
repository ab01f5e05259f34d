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
 * once every entry is settled. The owner directory is locked (an OS lock, released when the process
 * dies) for as long as the journal is open; a process that finds a directory whose lock it can take
 * adopts its unsettled entries into the spool ({@link #adoptOrphans}).
 */
public final class Journal implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Journal.class);
  static final String LIVE = "live";
  private static final String OWNER_LOCK = "owner.lock";
  private static final String BATCH = ".batch";
  private static final String ACKS = ".acks";
  private static final byte[] MAGIC = "syncmetrics-batch 1\n".getBytes(StandardCharsets.US_ASCII);

  private final Path dir;
  private final SpoolLock lock;
  private long sequence;
  private int open;
  private boolean closed;

  private Journal(Path dir, SpoolLock lock) {
    this.dir = dir;
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
    final Path file;
    final boolean[] settled;
    int remaining;

    Batch(Path file, int size) {
      this.file = file;
      this.settled = new boolean[size];
      this.remaining = size;
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
   * never sent again from this journal. Settling twice does nothing.
   */
  public void settle(Entry entry) {
    Batch b = entry.batch;
    boolean last;
    synchronized (b) {
      if (b.settled[entry.index]) {
        return;
      }
      b.settled[entry.index] = true;
      last = --b.remaining == 0;
      if (!last) {
        appendAck(b.file, entry.index);
        return;
      }
    }
    try {
      Files.deleteIfExists(acks(b.file));
      Files.deleteIfExists(b.file);
    } catch (IOException e) {
      logger.warn(
          "syncmetrics: cannot remove delivered batch {}: {}",
          b.file.getFileName(),
          e.getMessage());
    }
    synchronized (this) {
      open--;
    }
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

  /** Receives the unsettled payloads of a dead process's batch; returns how many it kept. */
  @FunctionalInterface
  interface Keeper {
    int keep(List<Payload> payloads) throws IOException;
  }

  /**
   * Adopts the journals of processes that died (their owner lock is free): hands the unsettled
   * payloads of each batch to {@code keeper} (which saves them into the spool), then removes the
   * batch; a batch {@code keeper} could not wholly keep stays for a later try. A batch that is not
   * whole is moved to {@code corrupt/}.
   *
   * @return payloads handed over, and batch files found corrupt
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
    for (Path owner : owners) {
      var lock = SpoolLock.tryAcquire(owner.resolve(OWNER_LOCK));
      if (lock.isEmpty()) {
        continue; // its process is alive
      }
      try (SpoolLock held = lock.get()) {
        boolean all = adopt(spoolDir, owner, keeper, found);
        if (all) {
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
      } catch (IOException e) {
        SpoolFiles.moveAside(spoolDir, batch, e.getMessage());
        found[1]++;
        continue;
      }
      java.util.Set<Integer> acked = readAcks(acks(batch));
      List<Payload> unsettled = new ArrayList<>();
      for (int i = 0; i < payloads.size(); i++) {
        if (!acked.contains(i)) {
          unsettled.add(payloads.get(i));
        }
      }
      try {
        int kept = unsettled.isEmpty() ? 0 : keeper.keep(unsettled);
        found[0] += kept;
        if (kept < unsettled.size()) {
          all = false;
          continue;
        }
        Files.deleteIfExists(acks(batch));
        Files.deleteIfExists(batch);
      } catch (IOException e) {
        logger.warn(
            "syncmetrics: cannot adopt {} of a process that died: {}", batch, e.getMessage());
        all = false;
      }
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

  private static void deleteDirectory(Path dir) {
    try (var stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.equals(OWNER_LOCK) || name.startsWith(SpoolFiles.TEMP_PREFIX)) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    } catch (java.nio.file.DirectoryNotEmptyException left) {
      // a batch is still there: left for adoption
    } catch (IOException e) {
      logger.debug("syncmetrics: cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
