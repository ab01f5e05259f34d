package dev.syncmetrics.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult.KindResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  private static KindResult kind(
      String id,
      boolean ok,
      long extracted,
      long transformFailed,
      long loadFailed,
      double seconds) {
    return new KindResult(
        id,
        ok,
        ok ? null : "boom",
        seconds,
        Map.of(
            "extract.raw_extracted", extracted,
            "transform.transformed", 90L,
            "transform.filtered_out", 5L,
            "transform.failed", transformFailed,
            "load.loaded", 80L,
            "load.failed", loadFailed,
            "load.skipped", 7L,
            "delete.deleted", 3L));
  }

  @Test
  void oneRowPerKindAndATotalWithFailedCountingTransformAndLoadFailures() {
    List<KindResult> kinds =
        List.of(
            kind("repository-0", true, 100, 5, 0, 1.234),
            kind("merge-request-3", false, 2500, 1, 2, 12.5),
            kind(Payload.RUNTIME, false, 2600, 6, 2, 14));
    List<String> lines = SummaryTable.render(kinds).lines().toList();

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
