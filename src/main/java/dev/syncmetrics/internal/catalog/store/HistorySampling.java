package dev.syncmetrics.internal.catalog.store;

import java.time.Instant;

/** How a time range is cut into equal buckets for sampled history. */
final class HistorySampling {
  private HistorySampling() {}

  /** The width of one bucket in milliseconds (at least 1), or 0 when nothing is to be sampled. */
  static long bucketMillis(Instant since, Instant until, int buckets) {
    if (buckets <= 0) {
      return 0;
    }
    long span = Math.max(1, until.toEpochMilli() - since.toEpochMilli());
    return Math.max(1, (span + buckets - 1) / buckets);
  }
}
