package dev.syncmetrics.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.syncmetrics.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spool of one file per payload in a directory.
 *
 * <ul>
 *   <li>Each file is written to a temporary name, forced to disk, then renamed into place, so a
 *       process killed at any instant leaves either the whole file or none. Temporary files never
 *       match the payload pattern and are cleaned up later.
 *   <li>Names start with a zero-padded sequence (time of saving), so sorting names sorts by age.
 *   <li>Delivery takes a lock on {@code spool.lock} in the directory: several processes sharing the
 *       spool never deliver the same file twice; one that finds the lock taken skips the backlog.
 *   <li>A file that does not parse as a payload is moved to {@code corrupt/} with a warning.
 * </ul>
 */
public final class FileSpool implements Spool {
  private static final Logger logger = LoggerFactory.getLogger(FileSpool.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".payload.json";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Path dir;
  private final int maxFiles;
  private final long maxBytes;

  public FileSpool(Path dir, int maxFiles, long maxBytes) {
    this.dir = dir;
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public Claim claim() {
    FileChannel channel = null;
    FileLock lock = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(channel);
      return new FileClaim(List.of(), Map.of(), null, null);
    }
    List<Payload> payloads = new ArrayList<>();
    Map<Payload, Path> files = new HashMap<>();
    for (Path file : payloadFiles()) {
      Payload p = read(file);
      if (p != null) {
        payloads.add(p);
        files.put(p, file);
      }
    }
    return new FileClaim(payloads, files, channel, lock);
  }

  private final class FileClaim implements Claim {
    private final List<Payload> payloads;
    private final Map<Payload, Path> files;
    private final FileChannel channel;
    private final FileLock lock;

    FileClaim(List<Payload> payloads, Map<Payload, Path> files, FileChannel channel, FileLock lock) {
      this.payloads = Collections.unmodifiableList(payloads);
      this.files = files;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public List<Payload> payloads() {
      return payloads;
    }

    @Override
    public void done(Payload payload) {
      Path file = files.get(payload);
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          logger.warn("syncmetrics: cannot remove delivered spool file {}: {}", file, e.getMessage());
        }
      }
    }

    @Override
    public void close() {
      try {
        if (lock != null) {
          lock.release();
        }
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }
  }

  /** Reads one spool file, moving it to corrupt/ when it is not a whole payload. */
  private Payload read(Path file) {
    try {
      byte[] body = Files.readAllBytes(file);
      JsonNode node = JSON.readTree(body);
      String eventId = node == null ? null : node.path("event_id").textValue();
      String kind = node == null ? null : node.path("kind_identifier").textValue();
      if (eventId == null || kind == null) {
        throw new IOException("no event_id or kind_identifier");
      }
      return new Payload(eventId, kind, body);
    } catch (NoSuchFileException gone) {
      return null;
    } catch (IOException e) {
      moveAside(file, e.getMessage());
      return null;
    }
  }

  private void moveAside(Path file, String why) {
    try {
      Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
      Files.move(file, corrupt.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      logger.warn("syncmetrics: spool file {} is not a whole payload ({}); moved to {}", file.getFileName(), why, corrupt);
    } catch (IOException e) {
      logger.warn("syncmetrics: spool file {} is not a whole payload and cannot be moved aside: {}", file, e.getMessage());
    }
  }

  @Override
  public SaveResult save(List<Payload> payloads) throws IOException {
    if (payloads.isEmpty()) {
      return new SaveResult(0, 0);
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Payload p : payloads) {
      String name = String.format("%019d-%06d-%s", System.currentTimeMillis(), SEQUENCE.incrementAndGet() % 1_000_000,
          safe(p.idempotencyKey())) + SUFFIX;
      Path file = dir.resolve(name);
      writeAtomically(file, p.body());
      written.add(file);
    }
    forceDirectory();
    int dropped = enforceBounds(written);
    return new SaveResult(written.size(), dropped);
  }

  /** Drops the oldest files until the spool is within bounds; the files just written go last. */
  private int enforceBounds(List<Path> justWritten) {
    List<Path> files = payloadFiles();
    long bytes = 0;
    Map<Path, Long> sizes = new HashMap<>();
    for (Path f : files) {
      long size = sizeOf(f);
      sizes.put(f, size);
      bytes += size;
    }
    List<Path> order = new ArrayList<>(files);
    order.removeAll(justWritten);
    order.addAll(justWritten);
    int count = files.size();
    int dropped = 0;
    for (Path f : order) {
      if (count <= maxFiles && bytes <= maxBytes) {
        break;
      }
      try {
        if (Files.deleteIfExists(f)) {
          dropped++;
        }
      } catch (IOException e) {
        logger.warn("syncmetrics: cannot drop spool file {}: {}", f.getFileName(), e.getMessage());
      }
      count--;
      bytes -= sizes.getOrDefault(f, 0L);
    }
    if (dropped > 0) {
      logger.warn("syncmetrics: spool at {} is full (at most {} files, {} bytes): dropped the {} oldest payloads",
          dir, maxFiles, maxBytes, dropped);
    }
    return dropped;
  }

  private static long sizeOf(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Payload files, oldest first; leftover temporary files older than a minute are removed. */
  private List<Path> payloadFiles() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path f : stream) {
        String name = f.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          files.add(f);
        } else if (name.startsWith(".tmp-")) {
          removeIfStale(f);
        }
      }
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot list spool {}: {}", dir, e.getMessage());
    }
    Collections.sort(files);
    return files;
  }

  private static void removeIfStale(Path tmp) {
    try {
      if (Files.getLastModifiedTime(tmp).toMillis() < System.currentTimeMillis() - 60_000) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ignored) {
      // another process may have renamed or removed it
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(".tmp-" + UUID.randomUUID());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private void forceDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not every file system lets a directory be forced; the renames are still atomic
    }
  }

  private static String safe(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
    }
    return out.length() > 120 ? out.substring(0, 120) : out.toString();
  }

  private Path pushStateFile(String group) {
    return dir.resolve("pushgateway").resolve(HexFormat.of().formatHex(group.getBytes(StandardCharsets.UTF_8)) + ".json");
  }

  @Override
  public void savePushState(String group, List<Payload> runPayloads) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    for (Payload p : runPayloads) {
      array.add(JSON.readTree(p.body()));
    }
    Path file = pushStateFile(group);
    Files.createDirectories(file.getParent());
    writeAtomically(file, JSON.writeValueAsBytes(array));
  }

  @Override
  public Optional<List<Payload>> pushState(String group) {
    Path file = pushStateFile(group);
    try {
      JsonNode array = JSON.readTree(Files.readAllBytes(file));
      List<Payload> payloads = new ArrayList<>();
      for (JsonNode p : array) {
        payloads.add(new Payload(p.path("event_id").asText(), p.path("kind_identifier").asText(), JSON.writeValueAsBytes(p)));
      }
      return Optional.of(payloads);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      moveAside(file, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public List<String> pushStateGroups() {
    List<String> groups = new ArrayList<>();
    Path sub = dir.resolve("pushgateway");
    if (!Files.isDirectory(sub)) {
      return groups;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(sub, "*.json")) {
      for (Path f : stream) {
        String hex = f.getFileName().toString().replace(".json", "");
        try {
          groups.add(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ignored) {
          // not one of ours
        }
      }
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot list {}: {}", sub, e.getMessage());
    }
    return groups;
  }

  @Override
  public void clearPushState(String group) {
    try {
      Files.deleteIfExists(pushStateFile(group));
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot remove pushed state for {}: {}", group, e.getMessage());
    }
  }

  @Override
  public int size() {
    return payloadFiles().size();
  }

  @Override
  public void close() {}

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing to do
      }
    }
  }
}
