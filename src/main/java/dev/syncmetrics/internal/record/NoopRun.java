package dev.syncmetrics.internal.record;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncRun;

/** What a disabled (or closed) reporter hands out: records nothing, reports nothing. */
public final class NoopRun implements SyncRun {
  public static final NoopRun INSTANCE = new NoopRun();

  private NoopRun() {}

  @Override
  public String eventId() {
    return "";
  }

  @Override
  public KindRecorder kind(String kind, int index) {
    return NoopKind.INSTANCE;
  }

  @Override
  public void fail(String reason) {}

  @Override
  public void fail(Throwable error) {}

  @Override
  public ReportResult finish() {
    return ReportResult.disabled();
  }

  @Override
  public ReportResult abort(String reason) {
    return ReportResult.disabled();
  }

  @Override
  public ReportResult result() {
    return ReportResult.disabled();
  }

  @Override
  public void close() {}
}
