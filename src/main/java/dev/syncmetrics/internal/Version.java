package dev.syncmetrics.internal;

/**
 * This library's version: sent as {@code reporter_version} in payloads, in the {@code
 * syncmetrics_info} metric and the webhook's {@code User-Agent}, and printed by {@code --version}.
 */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {}
}
