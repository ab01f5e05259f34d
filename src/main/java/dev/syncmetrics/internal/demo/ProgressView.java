package dev.syncmetrics.internal.demo;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.Phase;
import dev.syncmetrics.sample.SampleKind;
import dev.syncmetrics.sample.SyncListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows a sample sync's progress: in a terminal one line per kind, redrawn in place as the kind
 * goes through its phases; otherwise (output to a file or a pipe) one plain line per phase a kind
 * enters.
 *
 * <pre>{@code
 * ProgressView view = new ProgressView(System.out, System.console() != null);
 * view.begin(SampleKind.ALL);
 * sample.sync(run);   // with view as its listener
 * }</pre>
 */
public final class ProgressView implements SyncListener {
  private static final String UP = "\033[%dF";
  private static final String CLEAR_LINE = "\033[2K";
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR = 20;

  private final PrintStream out;
  private final boolean live;
  private final LongSupplier nanoTime;
  private final Map<String, String> lines = new LinkedHashMap<>();
  private int drawn;
  private long lastDraw;

  public ProgressView(PrintStream out, boolean live) {
    this(out, live, System::nanoTime);
  }

  ProgressView(PrintStream out, boolean live, LongSupplier nanoTime) {
    this.out = requireNonNull(out, "out must not be null");
    this.live = live;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime must not be null");
  }

  /** Starts a new block of lines for one run's kinds. */
  public synchronized void begin(List<SampleKind> kinds) {
    lines.clear();
    drawn = 0;
    for (SampleKind kind : kinds) {
      lines.put(kind.kindIdentifier(), "waiting");
    }
    if (live) {
      draw();
    }
  }

  @Override
  public synchronized void progress(SampleKind kind, Phase phase, long done, long total) {
    String state = String.format("%-9s %s", phase.label(), detail(phase, done, total));
    lines.put(kind.kindIdentifier(), state);
    if (live) {
      if (done == 0 || done == total || nanoTime.getAsLong() - lastDraw >= REDRAW_NANOS) {
        draw();
      }
    } else if (done == 0) {
      out.println(
          "  "
              + kind.kindIdentifier()
              + ": "
              + phase.label()
              + (total > 0
                  ? " " + total + (phase == Phase.TRANSFORM ? " records" : " entities")
                  : ""));
    }
  }

  @Override
  public synchronized void finished(SampleKind kind, String failure) {
    String state = failure == null ? "done" : "FAILED: " + failure;
    lines.put(kind.kindIdentifier(), state);
    if (live) {
      draw();
    } else {
      out.println("  " + kind.kindIdentifier() + ": " + state);
    }
  }

  private static String detail(Phase phase, long done, long total) {
    if (total <= 0) {
      return "";
    }
    if (phase != Phase.LOAD) {
      return total + (phase == Phase.TRANSFORM ? " records" : " entities");
    }
    int filled = (int) (BAR * Math.min(done, total) / total);
    return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total;
  }

  private void draw() {
    StringBuilder s = new StringBuilder();
    if (drawn > 0) {
      s.append(String.format(UP, drawn));
    }
    lines.forEach(
        (kind, state) ->
            s.append(CLEAR_LINE).append(String.format("  %-16s %s", kind, state)).append('\n'));
    out.print(s);
    out.flush();
    drawn = lines.size();
    lastDraw = nanoTime.getAsLong();
  }
}
