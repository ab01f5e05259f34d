package dev.syncmetrics.internal.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.shape.PayloadKeys;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest unpushed Pushgateway state of each group, one file per group under {@code
 * pushgateway/} of the spool: the run's payloads as a JSON array, named by the hex of the group.
 * Newer means a later {@code reported_at}, so a slow process cannot replace a newer state with an
 * older one.
 */
final class PushStates {
  private static final Logger logger = LoggerFactory.getLogger(PushStates.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path spoolDir;
  private final Path dir;
  private final Path saveLock;

  PushStates(Path spoolDir, Path saveLock) {
    this.spoolDir = spoolDir;
    this.dir = spoolDir.resolve("pushgateway");
    this.saveLock = saveLock;
  }

  private Path pushStateFile(String group) {
    return dir.resolve(HexFormat.of().formatHex(group.getBytes(StandardCharsets.UTF_8)) + ".json");
  }

  /** Keeps a run's state unless a newer one of the group is kept. */
  void save(String group, List<Payload> runPayloads) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    for (Payload p : runPayloads) {
      array.add(JSON.readTree(p.body()));
    }
    Instant at = reportedAt(array);
    Path file = pushStateFile(group);
    Files.createDirectories(file.getParent());
    try (SpoolLock lock = SpoolLock.acquire(saveLock, Duration.ofMillis(200)).orElse(null)) {
      Optional<Instant> kept = storedAt(file);
      if (kept.isPresent() && at != null && kept.get().isAfter(at)) {
        return; // another process keeps a newer state of this group
      }
      SpoolFiles.writeAtomically(file, JSON.writeValueAsBytes(array));
      SpoolFiles.forceDirectory(file.getParent());
    }
  }

  Optional<List<Payload>> read(String group) {
    return readFile(pushStateFile(group))
        .map(
            array -> {
              List<Payload> payloads = new ArrayList<>();
              for (JsonNode p : array) {
                payloads.add(
                    new Payload(
                        java.util.Objects.toString(PayloadKeys.text(p, Field.EVENT_ID), ""),
                        java.util.Objects.toString(PayloadKeys.text(p, Field.KIND_IDENTIFIER), ""),
                        toBytes(p)));
              }
              return payloads;
            });
  }

  List<String> groups() {
    List<String> groups = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return groups;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : stream) {
        String hex = f.getFileName().toString().replace(".json", "");
        try {
          groups.add(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ignored) {
          // not one of ours
        }
      }
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot list {}: {}", dir, e.getMessage());
    }
    return groups;
  }

  /** Removes the group's state unless it is newer than {@code pushed}. */
  void clear(String group, Instant pushed) {
    Path file = pushStateFile(group);
    if (!Files.exists(file)) {
      return;
    }
    try (SpoolLock lock = SpoolLock.acquire(saveLock, Duration.ofMillis(200)).orElse(null)) {
      Optional<Instant> kept = storedAt(file);
      if (kept.isEmpty() || !kept.get().isAfter(pushed)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      logger.warn("syncmetrics: cannot remove the pushed state of {}: {}", group, e.getMessage());
    }
  }

  private Optional<Instant> storedAt(Path file) {
    return readFile(file).map(PushStates::reportedAt);
  }

  private Optional<JsonNode> readFile(Path file) {
    try {
      JsonNode array = JSON.readTree(Files.readAllBytes(file));
      if (array == null || !array.isArray()) {
        throw new IOException("not a JSON array");
      }
      return Optional.of(array);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      SpoolFiles.moveAside(spoolDir, file, e.getMessage());
      return Optional.empty();
    }
  }

  /** The latest {@code reported_at} of a run's payloads, or null when none can be read. */
  private static Instant reportedAt(JsonNode array) {
    Instant latest = null;
    for (JsonNode p : array) {
      try {
        Instant at = Instant.parse(PayloadKeys.value(p, Field.REPORTED_AT).asText());
        latest = latest == null || at.isAfter(latest) ? at : latest;
      } catch (DateTimeParseException ignored) {
        // no time: does not count
      }
    }
    return latest;
  }

  private static byte[] toBytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a parsed payload", e);
    }
  }
}
