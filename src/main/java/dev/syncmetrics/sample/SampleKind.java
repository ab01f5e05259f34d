package dev.syncmetrics.sample;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One kind the sample integration syncs: its name and index in the integration's configuration
 * (together the {@code kind_identifier}), the catalog blueprint its entities go to, and the numeric
 * field of its records that grows when a record changes between runs.
 *
 * <pre>{@code
 * for (SampleKind kind : SampleKind.ALL) {
 *   KindRecorder recorder = run.kind(kind.name(), kind.index());
 * }
 * }</pre>
 *
 * @param name the kind, such as {@code merge-request}
 * @param index its position in the configuration
 * @param blueprint the catalog blueprint, such as {@code merge_request}
 * @param counterField the numeric record field bumped by each revision, or null
 */
public record SampleKind(String name, int index, String blueprint, String counterField) {
  /** The four kinds of the bundled sample data, in configuration order. */
  public static final List<SampleKind> ALL =
      List.of(
          new SampleKind("repository", 0, "repository", "stars"),
          new SampleKind("user", 1, "user", null),
          new SampleKind("issue", 2, "issue", "comments"),
          new SampleKind("merge-request", 3, "merge_request", "commits"));

  public SampleKind {
    requireNonNull(name, "name must not be null");
    requireNonNull(blueprint, "blueprint must not be null");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, not " + index);
    }
  }

  /** {@code <name>-<index>}, as the reporter sends it. */
  public String kindIdentifier() {
    return name + "-" + index;
  }

  /** The bundled data file: {@code sample/data/<name>.jsonl} on the classpath. */
  public String dataResource() {
    return "sample/data/" + name + ".jsonl";
  }

  /** The kind's jq mapping: {@code sample/mappings/<name>.json} on the classpath. */
  public String mappingResource() {
    return "sample/mappings/" + name + ".json";
  }

  /** The blueprint's definition: {@code sample/blueprints/<blueprint>.json} on the classpath. */
  public String blueprintResource() {
    return "sample/blueprints/" + blueprint + ".json";
  }
}
