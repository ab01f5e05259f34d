package dev.syncmetrics.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncmetrics.Phase;
import dev.syncmetrics.record.KindSnapshot;
import dev.syncmetrics.record.RunSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  private static KindSnapshot kind(
      String name,
      int index,
      boolean ok,
      long extracted,
      long transformFailed,
      long loadFailed,
      double seconds) {
    double[] durations = new double[Phase.values().length];
    durations[Phase.RESYNC.ordinal()] = seconds;
    long[] memory = new long[Phase.values().length];
    String id = name.equals(KindSnapshot.RUNTIME) ? name : name + "-" + index;
    return new KindSnapshot(
        name,
        index,
        id,
        ok,
        ok ? null : "boom",
        extracted,
        90,
        5,
        transformFailed,
        80,
        loadFailed,
        7,
        3,
        durations,
        memory,
        List.of());
  }

  @Test
  void oneRowPerKindAndATotalWithFailedCountingTransformAndLoadFailures() {
    RunSnapshot run =
        new RunSnapshot(
            "sample",
            "demo",
            "1",
            "e",
            "failed",
            Instant.EPOCH,
            Instant.EPOCH,
            List.of(
                kind("repository", 0, true, 100, 5, 0, 1.234),
                kind("merge-request", 3, false, 2500, 1, 2, 12.5)),
            kind(KindSnapshot.RUNTIME, 0, false, 2600, 6, 2, 14));
    List<String> lines = SummaryTable.render(run).lines().toList();

    assertEquals(4, lines.size());
    assertEquals(SummaryTable.COLUMNS, List.of(lines.get(0).trim().split("\\s+")));
    assertEquals(
        List.of("repository-0", "100", "5", "90", "7", "80", "3", "5", "1.23s", "SUCCESS"),
        List.of(lines.get(1).trim().split("\\s+")));
    assertEquals(
        List.of("merge-request-3", "2500", "5", "90", "7", "80", "3", "3", "12.50s", "FAILED"),
        List.of(lines.get(2).trim().split("\\s+")));
    assertEquals("total", lines.get(3).trim().split("\\s+")[0]);
    assertEquals(
        lines.get(1).indexOf("SUCCESS"), lines.get(2).indexOf("FAILED"), "columns line up");
    lines.forEach(l -> assertEquals(l.stripTrailing(), l, "no trailing blanks"));
  }
}
