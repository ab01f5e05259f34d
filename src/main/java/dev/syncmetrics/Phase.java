package dev.syncmetrics;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The phases of a sync of one kind, as they appear in payloads ({@code metrics.phase.<label>}) and
 * in the {@code phase} label on the Pushgateway, with the counts each reports.
 *
 * <pre>{@code
 * try (PhaseTimer t = kind.time(Phase.EXTRACT)) { kind.extracted(page.size()); }
 * Phase.TRANSFORM.countTypes();   // [transformed, filtered_out, failed]
 * }</pre>
 *
 * <p>{@link #RESYNC} is the kind's whole sync: its duration, success and memory; it has no counts.
 */
public enum Phase {
  EXTRACT("raw_extracted"),
  TRANSFORM("transformed", "filtered_out", "failed"),
  LOAD("loaded", "failed", "skipped"),
  DELETE("deleted"),
  RESYNC;

  /**
   * The keys a phase object of a payload holds besides custom metrics, in every {@link
   * PayloadFormat}: a custom metric's name or label must not be one of them.
   */
  public static final Set<String> PAYLOAD_FIELDS =
      Set.of(
          "object_count",
          "duration_seconds",
          "object_count_type",
          "success",
          "memory_usage_bytes",
          "durationSeconds",
          "objectCountType");

  private final String label = name().toLowerCase(Locale.ROOT);
  private final List<String> countTypes;

  Phase(String... countTypes) {
    this.countTypes = List.of(countTypes);
  }

  /** The lower-case name used in payloads and labels, such as {@code "extract"}. */
  public String label() {
    return label;
  }

  /**
   * The {@code object_count_type} names this phase reports, its headline count ({@code
   * object_count}) first; empty for {@link #RESYNC}.
   */
  public List<String> countTypes() {
    return countTypes;
  }
}
