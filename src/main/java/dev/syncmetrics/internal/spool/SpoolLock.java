package dev.syncmetrics.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a file of the spool, between processes (an OS file lock) and between threads
 * of this process (a set of held paths).
 *
 * <p>The in-process set matters: on Linux, file locks belong to the process, and closing any
 * channel on the file releases them. So this process opens a lock file only while it does not hold
 * that lock, and keeps one channel per held lock. The OS drops the lock when the process dies, so a
 * killed process never leaves the spool locked.
 */
final class SpoolLock implements AutoCloseable {
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private SpoolLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock if nobody (no process, no thread) holds it; empty otherwise. */
  static Optional<SpoolLock> tryAcquire(Path file) {
    Path key;
    try {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      key = file.toRealPath(); // one key per file, however it is spelled (symbolic links, "..")
    } catch (FileAlreadyExistsException raced) {
      return tryAcquire(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!HELD.add(key)) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new SpoolLock(key, channel, lock));
      }
    } catch (IOException | OverlappingFileLockException e) {
      // treated as held by someone else
    }
    closeQuietly(channel);
    HELD.remove(key);
    return Optional.empty();
  }

  /** Waits up to {@code wait} for the lock, polling; empty if it stayed taken. */
  static Optional<SpoolLock> acquire(Path file, Duration wait) {
    long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
    while (true) {
      Optional<SpoolLock> lock = tryAcquire(file);
      if (lock.isPresent() || System.nanoTime() >= deadline) {
        return lock;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    HELD.remove(file);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }
}
