package dev.syncmetrics.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.Phase;
import dev.syncmetrics.sample.SampleKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressViewTest {
  private static final SampleKind REPOS = SampleKind.ALL.get(0);
  private static final SampleKind MRS = SampleKind.ALL.get(3);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalEachPhaseAKindEntersIsOnePlainLine() {
    ProgressView view = new ProgressView(out, false, () -> now);
    view.begin(List.of(REPOS, MRS));
    view.progress(REPOS, Phase.TRANSFORM, 0, 235);
    view.progress(REPOS, Phase.LOAD, 0, 200);
    view.progress(REPOS, Phase.LOAD, 100, 200);
    view.progress(REPOS, Phase.LOAD, 200, 200);
    view.finished(REPOS, null);
    view.finished(MRS, "connection refused");

    assertEquals(
        List.of(
            "  repository-0: transform 235 records",
            "  repository-0: load 200 entities",
            "  repository-0: done",
            "  merge-request-3: FAILED: connection refused"),
        text().lines().toList());
    assertFalse(text().contains("\033"), "no terminal escapes in a file");
  }

  @Test
  void inATerminalEveryKindHasOneLineRedrawnInPlace() {
    ProgressView view = new ProgressView(out, true, () -> now);
    view.begin(List.of(REPOS, MRS));
    int first = text().length();
    view.progress(MRS, Phase.LOAD, 0, 40);
    String redraw = text().substring(first);

    assertTrue(redraw.startsWith("\033[2F"), "moves up over the two lines: " + redraw);
    assertTrue(redraw.contains("repository-0     waiting"), redraw);
    assertTrue(redraw.contains("merge-request-3  load      [....................] 0/40"), redraw);
    assertEquals(2, redraw.split("\n", -1).length - 1, "redraws exactly two lines");
  }

  @Test
  void inATerminalProgressWithinAPhaseIsRedrawnAtMostTenTimesASecond() {
    ProgressView view = new ProgressView(out, true, () -> now);
    view.begin(List.of(REPOS));
    view.progress(REPOS, Phase.LOAD, 0, 100);
    int before = text().length();
    now += 10_000_000L; // 10 ms later
    view.progress(REPOS, Phase.LOAD, 50, 100);
    assertEquals(before, text().length(), "too soon to redraw");
    now += 100_000_000L;
    view.progress(REPOS, Phase.LOAD, 60, 100);
    assertTrue(text().substring(before).contains("[############........] 60/100"), text());
  }
}
