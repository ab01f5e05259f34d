package dev.syncmetrics;

import java.util.Locale;

/**
 * The phases of a sync of one kind, as they appear in payloads ({@code metrics.phase.<label>}) and
 * in the {@code phase} label on the Pushgateway.
 *
 * <p>{@link #RESYNC} is the kind's whole sync: its duration, success and memory.
 */
public enum Phase {
  EXTRACT,
  TRANSFORM,
  LOAD,
  DELETE,
  RESYNC;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in payloads and labels, such as {@code "extract"}. */
  public String label() {
    return label;
  }
}
