package dev.syncmetrics.internal.record;

import dev.syncmetrics.CustomMetric;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;

/** What a disabled reporter hands out: every call does nothing. */
public final class NoopKind implements KindRecorder {
  public static final NoopKind INSTANCE = new NoopKind();
  private static final PhaseTimer NOOP_TIMER = () -> {};

  private NoopKind() {}

  @Override
  public String kind() {
    return "disabled";
  }

  @Override
  public int index() {
    return 0;
  }

  @Override
  public void extracted(long count) {}

  @Override
  public void extracted() {}

  @Override
  public void transformed(long count) {}

  @Override
  public void transformed() {}

  @Override
  public void filteredOut(long count) {}

  @Override
  public void transformFailed(long count) {}

  @Override
  public void loaded(long count) {}

  @Override
  public void loaded() {}

  @Override
  public void loadFailed(long count) {}

  @Override
  public void skipped(long count) {}

  @Override
  public void deleted(long count) {}

  @Override
  public PhaseTimer time(Phase phase) {
    return NOOP_TIMER;
  }

  @Override
  public void set(CustomMetric metric, Phase phase, double value, String... labelValues) {}

  @Override
  public void add(CustomMetric metric, Phase phase, double amount, String... labelValues) {}

  @Override
  public void fail(String reason) {}

  @Override
  public void fail(Throwable error) {}

  @Override
  public void end() {}
}
