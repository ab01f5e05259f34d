package dev.syncmetrics.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File operations of the spool: listing, atomic writes, moving bad files aside. */
final class SpoolFiles {
  private static final Logger logger = LoggerFactory.getLogger(SpoolFiles.class);
  static final String TEMP_PREFIX = ".tmp-";
  static final String CORRUPT = "corrupt";

  /** A temporary file older than this was left by a process that died while writing it. */
  private static final long STALE_TEMP_MILLIS = 60_000;

  private SpoolFiles() {}

  /** A payload file and what its name says. */
  record Entry(Path path, SpoolName name) {}

  /** The payload files of {@code dir}, oldest first; stale temporary files are removed. */
  static List<Entry> list(Path dir) {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path f : stream) {
        String name = f.getFileName().toString();
        Optional<SpoolName> parsed = SpoolName.parse(name);
        if (parsed.isPresent()) {
          entries.add(new Entry(f, parsed.get()));
        } else if (name.endsWith(SpoolName.SUFFIX)) {
          moveAside(dir, f, "its name is not one the spool writes");
        } else if (name.startsWith(TEMP_PREFIX)) {
          removeIfStale(f);
        }
      }
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot list spool {}: {}", dir, e.getMessage());
    }
    entries.sort(Comparator.comparing(e -> e.path().getFileName().toString()));
    return entries;
  }

  /**
   * Writes {@code bytes} to a temporary file, forces it to disk, and renames it to {@code target}:
   * a reader sees the whole file or none, whenever the process dies.
   */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    writeAtomically(target, bytes, true);
  }

  /**
   * As {@link #writeAtomically(Path, byte[])}; without {@code force}, the file survives the process
   * being killed but maybe not the machine losing power before the kernel writes it back (then the
   * spool finds it torn by its length and CRC and moves it aside).
   */
  static void writeAtomically(Path target, byte[] bytes, boolean force) throws IOException {
    Path tmp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        if (force) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** Forces the directory's entries (the renames) to disk, where the file system allows it. */
  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not every file system lets a directory be forced; the renames are atomic all the same
    }
  }

  /** Moves a file that is not a whole payload to {@code corrupt/}, with a warning. */
  static void moveAside(Path dir, Path file, String why) {
    try {
      Path corrupt = Files.createDirectories(dir.resolve(CORRUPT));
      Files.move(file, corrupt.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      logger.warn(
          "syncmetrics: spool file {} is not a whole payload ({}); moved to {}",
          file.getFileName(),
          why,
          corrupt);
    } catch (java.nio.file.NoSuchFileException gone) {
      // another process moved or delivered it
    } catch (IOException e) {
      logger.warn(
          "syncmetrics: spool file {} is not a whole payload ({}) and cannot be moved aside: {}",
          file,
          why,
          e.getMessage());
    }
  }

  private static void removeIfStale(Path tmp) {
    try {
      if (Files.getLastModifiedTime(tmp).toMillis()
          < System.currentTimeMillis() - STALE_TEMP_MILLIS) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ignored) {
      // another process renamed or removed it
    }
  }
}
