package dev.syncmetrics.internal.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each kind's last successful run time of a Pushgateway group, kept in the reporter's state
 * directory so that a new process knows them without asking the Pushgateway: every push replaces
 * the whole group, and a process that did not know them would erase them with its first failed run.
 *
 * <pre>{@code
 * LastSuccessFile times = new LastSuccessFile(spoolDir);
 * Map<String, Double> known = times.read("sync/github/github-prod");   // kind identifier -> seconds
 * times.save("sync/github/github-prod", Map.of("repository-0", 1763719200.5));
 * }</pre>
 *
 * <p>One small JSON file per group, {@code state/last-success-<hex of group>.json} under the spool
 * directory: {@code {"group": "...", "last_success": {"repository-0": 1763719200.5, ...}}}. Saving
 * merges with what the file holds (the later time of each kind wins), so processes sharing the
 * directory never move a time back; it is written to a temporary file and renamed, so a killed
 * process leaves the old file or the new one. Never throws: a file that cannot be read or written
 * costs a warning, and the times of this process only.
 */
public final class LastSuccessFile {
  private static final Logger logger = LoggerFactory.getLogger(LastSuccessFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LOCK_WAIT = Duration.ofMillis(200);

  private final Path dir;

  /**
   * @param spoolDir the spool directory; the file goes under its {@code state/}
   */
  public LastSuccessFile(Path spoolDir) {
    this.dir = spoolDir.resolve("state");
  }

  private Path file(String group) {
    return dir.resolve(
        "last-success-"
            + HexFormat.of().formatHex(group.getBytes(StandardCharsets.UTF_8))
            + ".json");
  }

  /**
   * The group's times (kind identifier to Unix seconds); empty when none are kept or unreadable.
   */
  public Map<String, Double> read(String group) {
    Path file = file(group);
    try {
      return parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    } catch (IOException | RuntimeException e) {
      logger.warn(
          "syncmetrics: cannot read the last-success times in {} ({}); the next save replaces it",
          file,
          e.getMessage());
      return new TreeMap<>();
    }
  }

  /** Keeps {@code times}, each kind's later time winning over what the file holds. */
  public void save(String group, Map<String, Double> times) {
    if (times.isEmpty()) {
      return;
    }
    Path file = file(group);
    try {
      Files.createDirectories(dir);
      Optional<SpoolLock> lock = SpoolLock.acquire(dir.resolve("last-success.lock"), LOCK_WAIT);
      try {
        Map<String, Double> merged = read(group);
        boolean changed = false;
        for (Map.Entry<String, Double> e : times.entrySet()) {
          Double kept = merged.get(e.getKey());
          if (e.getValue() != null && (kept == null || e.getValue() > kept)) {
            merged.put(e.getKey(), e.getValue());
            changed = true;
          }
        }
        if (changed) {
          // renamed into place; not forced: a power loss may cost the latest times, not the file
          SpoolFiles.writeAtomically(file, json(group, merged), false);
        }
      } finally {
        lock.ifPresent(SpoolLock::close);
      }
    } catch (IOException | RuntimeException e) {
      logger.warn(
          "syncmetrics: cannot keep the last-success times in {}: {}", file, e.getMessage());
    }
  }

  private static Map<String, Double> parse(byte[] bytes) throws IOException {
    JsonNode root = JSON.readTree(bytes);
    JsonNode times = root == null ? null : root.get("last_success");
    if (times == null || !times.isObject()) {
      throw new IOException("no \"last_success\" object");
    }
    Map<String, Double> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = times.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        out.put(e.getKey(), e.getValue().asDouble());
      }
    }
    return out;
  }

  private static byte[] json(String group, Map<String, Double> times) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("group", group);
    ObjectNode t = root.putObject("last_success");
    times.forEach(t::put);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }
}
