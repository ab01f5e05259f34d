package dev.syncmetrics.internal.spool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A claim on the files of a {@link FileSpool}, holding its {@code spool.lock} until closed. */
final class FileClaim implements Spool.Claim {
  private static final Logger logger = LoggerFactory.getLogger(FileClaim.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<SpoolFiles.Entry> files;
  private final SpoolLock lock;
  private final Map<Payload, Path> taken = Collections.synchronizedMap(new IdentityHashMap<>());
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger corrupt = new AtomicInteger();
  private final AtomicInteger vanished = new AtomicInteger();
  private volatile int corruptBefore;
  private volatile int leftInJournals;
  private int next;
  private boolean closed;

  FileClaim(Path dir, List<SpoolFiles.Entry> files, SpoolLock lock) {
    this.dir = dir;
    this.files = List.copyOf(files);
    this.lock = lock;
  }

  @Override
  public boolean locked() {
    return true;
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public Optional<Payload> next() {
    while (true) {
      SpoolFiles.Entry entry;
      synchronized (this) {
        if (closed || next >= files.size()) {
          return Optional.empty();
        }
        entry = files.get(next++);
      }
      Payload p = read(entry);
      if (p != null) {
        taken.put(p, entry.path());
        return Optional.of(p);
      }
    }
  }

  /** Reads one file; null (after moving it aside) when it is not the whole payload written. */
  private Payload read(SpoolFiles.Entry entry) {
    byte[] body;
    try {
      body = Files.readAllBytes(entry.path());
    } catch (NoSuchFileException gone) {
      vanished.incrementAndGet(); // dropped by a bound or delivered meanwhile
      return null;
    } catch (IOException e) {
      logger.warn(
          "syncmetrics: cannot read spool file {}: {}", entry.path().getFileName(), e.getMessage());
      vanished.incrementAndGet();
      return null;
    }
    String why = null;
    if (!entry.name().matches(body)) {
      why =
          body.length == entry.name().length()
              ? "checksum mismatch"
              : body.length + " bytes where " + entry.name().length() + " were written";
    } else {
      try {
        String[] ids = identity(body);
        if (ids != null) {
          return new Payload(ids[0], ids[1], body);
        }
        why = "no event id or kind identifier";
      } catch (IOException e) {
        why = "not JSON";
      }
    }
    SpoolFiles.moveAside(dir, entry.path(), why);
    corrupt.incrementAndGet();
    return null;
  }

  @Override
  public void done(Payload payload) {
    Path file = taken.remove(payload);
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
      done.incrementAndGet();
    } catch (IOException e) {
      logger.warn(
          "syncmetrics: cannot remove delivered spool file {}: {}",
          file.getFileName(),
          e.getMessage());
    }
  }

  @Override
  public int remaining() {
    return Math.max(0, files.size() - done.get() - corrupt.get() - vanished.get()) + leftInJournals;
  }

  /** Adds files found corrupt before the claim was made (a dead process's batches). */
  void countCorrupt(int files) {
    corruptBefore = files;
  }

  /** Payloads journals still hold that the claim had no time to bring in: they wait too. */
  void countLeftInJournals(int payloads) {
    leftInJournals = payloads;
  }

  @Override
  public int corrupt() {
    return corrupt.get() + corruptBefore;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    lock.close();
  }

  /**
   * The payload's top-level event id and kind identifier (in either spelling: {@code event_id} or
   * {@code eventId}, so a payload is redelivered in the format it was written), read with a
   * streaming parser that skips everything else: checking a payload never builds its tree, so a
   * redelivery holds only the bytes of the payloads in flight.
   */
  static String[] identity(byte[] body) throws IOException {
    String eventId = null;
    String kind = null;
    try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String field = p.currentName();
        com.fasterxml.jackson.core.JsonToken value = p.nextToken();
        if (value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
            && (Field.EVENT_ID.snake().equals(field) || Field.EVENT_ID.camel().equals(field))) {
          eventId = p.getText();
        } else if (value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
            && (Field.KIND_IDENTIFIER.snake().equals(field)
                || Field.KIND_IDENTIFIER.camel().equals(field))) {
          kind = p.getText();
        } else {
          p.skipChildren();
        }
      }
    }
    return eventId == null || kind == null ? null : new String[] {eventId, kind};
  }
}
