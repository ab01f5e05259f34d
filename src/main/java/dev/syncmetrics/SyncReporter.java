package dev.syncmetrics;

/** Placeholder: the reporter core lands in the next commits. */
public final class SyncReporter {
  /** This library's version, sent as {@code reporter_version}. */
  public static final String VERSION = "0.1.0";

  private SyncReporter() {}
}
