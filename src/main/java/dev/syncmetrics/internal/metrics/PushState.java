package dev.syncmetrics.internal.metrics;

import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Pushgateway must keep showing across runs, because every push replaces the whole group:
 * each kind's last successful run time, this process's runs by state, and what became of
 * undelivered webhook payloads (waiting in the spool, dropped by reason, rejected).
 */
public final class PushState {
  private final Map<String, Double> lastSuccess = new HashMap<>();
  private final Map<String, Long> runs = new LinkedHashMap<>();
  private final Map<String, Long> dropped = new LinkedHashMap<>();
  private long rejected;
  private long spoolWaiting = -1;
  private int running;

  /** Why webhook payloads were given up (the {@code reason} label of the dropped metric). */
  public static final String FULL = "full";

  public static final String CORRUPT = "corrupt";
  public static final String UNWRITABLE = "unwritable";

  public PushState() {
    runs.put(RunSnapshot.COMPLETED, 0L);
    runs.put(RunSnapshot.FAILED, 0L);
    runs.put(RunSnapshot.ABORTED, 0L);
    dropped.put(FULL, 0L);
    dropped.put(CORRUPT, 0L);
    dropped.put(UNWRITABLE, 0L);
  }

  /**
   * Counts payloads given up for {@code reason}: {@link #FULL}, {@link #CORRUPT} or {@link
   * #UNWRITABLE}.
   */
  public synchronized void dropped(String reason, long count) {
    if (!dropped.containsKey(reason)) {
      throw new IllegalArgumentException(
          "unknown drop reason " + reason + ", expected one of " + dropped.keySet());
    }
    dropped.merge(reason, Math.max(0, count), Long::sum);
  }

  /** Payloads this process gave up, by reason, since it started. */
  public synchronized Map<String, Long> dropped() {
    return new LinkedHashMap<>(dropped);
  }

  /** Counts payloads the webhook target refused for good. */
  public synchronized void rejected(long count) {
    rejected += Math.max(0, count);
  }

  public synchronized long rejected() {
    return rejected;
  }

  /** Remembers how many payloads wait in the spool now. */
  public synchronized void spoolWaiting(long count) {
    spoolWaiting = count;
  }

  /** Payloads waiting in the spool when last counted, or -1 before the first count. */
  public synchronized long spoolWaiting() {
    return spoolWaiting;
  }

  public synchronized void runStarted() {
    running++;
  }

  /** Counts a finished run and remembers when each of its successful kinds last succeeded. */
  public synchronized void runFinished(RunSnapshot run) {
    running = Math.max(0, running - 1);
    runs.computeIfPresent(run.state(), (state, n) -> n + 1);
    double at = run.reportedAt().toEpochMilli() / 1000.0;
    for (KindSnapshot kind : run.kinds()) {
      if (kind.success()) {
        lastSuccess.put(kind.kindIdentifier(), at);
      }
    }
    if (run.runtime().success()) {
      lastSuccess.put(Payload.RUNTIME, at);
    }
  }

  /** Last success of a kind in epoch seconds, or null if it never succeeded as far as we know. */
  public synchronized Double lastSuccess(String kindIdentifier) {
    return lastSuccess.get(kindIdentifier);
  }

  /** Takes last-success times kept by earlier processes, keeping any newer one we hold. */
  public synchronized void seed(Map<String, Double> kept) {
    kept.forEach((k, v) -> lastSuccess.merge(k, v, Math::max));
  }

  /** Runs by state: completed, failed, aborted, and running (runs still under way). */
  public synchronized Map<String, Long> runs() {
    Map<String, Long> copy = new LinkedHashMap<>(runs);
    copy.put("running", (long) running);
    return copy;
  }
}
