package dev.syncmetrics.internal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the bundled sample data should produce, worked out from the data files with this test's own
 * reading of sample/README.md: which records each kind's mapping filters out or fails on, which
 * records a run sees, and which changed since the previous run. It does not use the sample's code.
 */
final class BundledDataExpectations {
  static final Path DATA = Path.of("src/main/resources/sample/data");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A kind as the README describes it: its file, filter rule and malformed rule. */
  record Kind(
      String identifier,
      String blueprint,
      String file,
      Predicate<JsonNode> filtered,
      Predicate<JsonNode> malformed) {}

  static final List<Kind> KINDS =
      List.of(
          new Kind(
              "repository-0",
              "repository",
              "repository.jsonl",
              r -> r.path("archived").asBoolean(false),
              r -> !r.path("owner").isObject() || !r.path("stars").isNumber()),
          new Kind(
              "user-1",
              "user",
              "user.jsonl",
              r -> "Bot".equals(r.path("type").asText()),
              r -> !r.path("login").isTextual()),
          new Kind(
              "issue-2",
              "issue",
              "issue.jsonl",
              r -> "ghost".equals(r.path("author").asText()),
              r -> !r.path("comments").isNumber()),
          new Kind(
              "merge-request-3",
              "merge_request",
              "merge-request.jsonl",
              r -> r.path("draft").asBoolean(false),
              r -> !r.path("author").isObject()));

  /** The counts of one kind in one run. */
  record Counts(
      long extracted,
      long filtered,
      long transformed,
      long failed,
      long skipped,
      long loaded,
      long deleted) {}

  private BundledDataExpectations() {}

  static boolean present(long id, int run) {
    return (7 * id + run) % 50 != 0;
  }

  static long revision(long id, int run) {
    return (run + id % 10) / 10;
  }

  /**
   * The counts of run {@code run} against a catalog holding what run {@code previous} loaded (0: an
   * empty catalog).
   */
  static Map<String, Counts> run(int run, int previous) {
    Map<String, Counts> out = new LinkedHashMap<>();
    for (Kind kind : KINDS) {
      long extracted = 0, filtered = 0, failed = 0, transformed = 0;
      long skipped = 0, loaded = 0, deleted = 0;
      for (JsonNode r : records(kind)) {
        long id = r.get("id").asLong();
        boolean fine = !kind.filtered().test(r) && !kind.malformed().test(r);
        boolean now = present(id, run);
        boolean before = previous > 0 && present(id, previous);
        if (now) {
          extracted++;
          if (kind.filtered().test(r)) {
            filtered++;
          } else if (kind.malformed().test(r)) {
            failed++;
          } else {
            transformed++;
            if (before && revision(id, run) == revision(id, previous)) {
              skipped++;
            } else {
              loaded++;
            }
          }
        } else if (before && fine) {
          deleted++;
        }
      }
      out.put(
          kind.identifier(),
          new Counts(extracted, filtered, transformed, failed, skipped, loaded, deleted));
    }
    return out;
  }

  static List<JsonNode> records(Kind kind) {
    try {
      return Files.readAllLines(DATA.resolve(kind.file())).stream()
          .filter(line -> !line.isBlank())
          .map(BundledDataExpectations::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
