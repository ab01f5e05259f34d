package dev.syncmetrics.sample;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample integration's source system: the JSON Lines files bundled under {@code sample/data/},
 * one record per line, each with a numeric {@code id} unique within its kind.
 *
 * <p>The source changes a little from run to run, as a real one would, and always the same way for
 * the same run number:
 *
 * <ul>
 *   <li>a record is missing from run {@code r} when {@code (7 * id + r) % 50 == 0}: each run about
 *       one record in fifty is gone (and comes back in the next run);
 *   <li>every record gets {@code "revision": (r + id % 10) / 10} (integer division), and the kind's
 *       counter field, when it is a number, grows by that revision: about one record in ten changes
 *       from one run to the next.
 * </ul>
 *
 * <pre>{@code
 * SampleSource source = SampleSource.bundled();
 * List<ObjectNode> repos = source.records(SampleKind.ALL.get(0), 3);   // run 3
 * }</pre>
 */
public final class SampleSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Opens a classpath-style resource by name; returns null when there is none. */
  @FunctionalInterface
  public interface Resources {
    InputStream open(String name) throws IOException;
  }

  private final Resources resources;

  private SampleSource(Resources resources) {
    this.resources = resources;
  }

  /** The data bundled in the jar. */
  public static SampleSource bundled() {
    ClassLoader loader = SampleSource.class.getClassLoader();
    return new SampleSource(loader::getResourceAsStream);
  }

  /** Data from elsewhere (tests): {@code resources} opens {@code sample/data/<kind>.jsonl}. */
  public static SampleSource of(Resources resources) {
    return new SampleSource(requireNonNull(resources, "resources must not be null"));
  }

  /** True when the record with this id is in the source in run {@code run}. */
  public static boolean present(long id, int run) {
    return Math.floorMod(7 * id + run, 50) != 0;
  }

  /** The record's revision in run {@code run}: how often it has changed since run 0. */
  public static int revision(long id, int run) {
    return (int) ((run + Math.floorMod(id, 10)) / 10);
  }

  /**
   * Reads the records of {@code kind} as the source holds them in run {@code run} (1 or more).
   *
   * @throws IOException when the data cannot be read, or a line is not a JSON object with an id
   */
  public List<ObjectNode> records(SampleKind kind, int run) throws IOException {
    if (run < 1) {
      throw new IllegalArgumentException("run must be >= 1, not " + run);
    }
    String name = kind.dataResource();
    InputStream in = resources.open(name);
    if (in == null) {
      throw new FileNotFoundException("no sample data " + name);
    }
    List<ObjectNode> out = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        ObjectNode record = parse(name, lineNo, line);
        long id = record.get("id").asLong();
        if (present(id, run)) {
          out.add(revise(kind, record, revision(id, run)));
        }
      }
    }
    return out;
  }

  private static ObjectNode parse(String name, int lineNo, String line) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      throw new IOException(name + " line " + lineNo + ": not JSON", e);
    }
    if (node == null || !node.isObject() || !node.path("id").canConvertToLong()) {
      throw new IOException(name + " line " + lineNo + ": not a JSON object with a numeric id");
    }
    return (ObjectNode) node;
  }

  private static ObjectNode revise(SampleKind kind, ObjectNode record, int revision) {
    record.put("revision", revision);
    String field = kind.counterField();
    if (field != null && record.path(field).isIntegralNumber()) {
      record.put(field, record.get(field).asLong() + revision);
    }
    return record;
  }
}
