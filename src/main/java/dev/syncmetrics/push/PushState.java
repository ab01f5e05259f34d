package dev.syncmetrics.push;

import dev.syncmetrics.record.KindSnapshot;
import dev.syncmetrics.record.RunSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Pushgateway must keep showing across runs, because every push replaces the whole group:
 * each kind's last successful run time, and this process's runs by state.
 */
public final class PushState {
  private final Map<String, Double> lastSuccess = new HashMap<>();
  private final Map<String, Long> runs = new LinkedHashMap<>();
  private int running;
  private boolean seeded;

  public PushState() {
    runs.put(RunSnapshot.COMPLETED, 0L);
    runs.put(RunSnapshot.FAILED, 0L);
  }

  public synchronized void runStarted() {
    running++;
  }

  /** Counts a finished run and remembers when each of its successful kinds last succeeded. */
  public synchronized void runFinished(RunSnapshot run) {
    running = Math.max(0, running - 1);
    runs.merge(run.state(), 1L, Long::sum);
    double at = run.reportedAt().toEpochMilli() / 1000.0;
    for (KindSnapshot kind : run.kinds()) {
      if (kind.success()) {
        lastSuccess.put(kind.kindIdentifier(), at);
      }
    }
    if (run.runtime().success()) {
      lastSuccess.put(KindSnapshot.RUNTIME, at);
    }
  }

  /** Last success of a kind in epoch seconds, or null if it never succeeded as far as we know. */
  public synchronized Double lastSuccess(String kindIdentifier) {
    return lastSuccess.get(kindIdentifier);
  }

  /** Takes last-success times read from the Pushgateway, keeping any newer one we hold. */
  public synchronized void seed(Map<String, Double> fromPushgateway) {
    fromPushgateway.forEach((k, v) -> lastSuccess.merge(k, v, Math::max));
    seeded = true;
  }

  public synchronized boolean seeded() {
    return seeded;
  }

  public synchronized void markSeeded() {
    seeded = true;
  }

  /** Runs by state: completed, failed, and running (other runs still under way). */
  public synchronized Map<String, Long> runs() {
    Map<String, Long> copy = new LinkedHashMap<>(runs);
    copy.put("running", (long) running);
    return copy;
  }
}
