package dev.syncmetrics.internal.demo;

import dev.syncmetrics.Payload;
import dev.syncmetrics.Phase;
import dev.syncmetrics.ReportResult.KindResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table the demo prints after each run, from what the report result says each kind did: one row
 * per kind and a {@code total} row (the {@code __runtime__} payload). {@code failed} counts the
 * records whose transform failed plus the entities the catalog refused.
 *
 * <pre>{@code
 * kind             extracted filtered transformed skipped loaded deleted failed duration status
 * repository-0           235       19         206       0    206       0     10    0.31s SUCCESS
 * }</pre>
 */
public final class SummaryTable {
  static final List<String> COLUMNS =
      List.of(
          "kind",
          "extracted",
          "filtered",
          "transformed",
          "skipped",
          "loaded",
          "deleted",
          "failed",
          "duration",
          "status");

  private SummaryTable() {}

  /** The table as lines, without a trailing newline. */
  public static String render(List<KindResult> kinds) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS);
    for (KindResult k : kinds) {
      rows.add(row(Payload.RUNTIME.equals(k.kindIdentifier()) ? "total" : k.kindIdentifier(), k));
    }
    int[] widths = new int[COLUMNS.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder s = new StringBuilder();
    for (List<String> row : rows) {
      if (s.length() > 0) {
        s.append('\n');
      }
      s.append("  ");
      for (int i = 0; i < row.size(); i++) {
        boolean left = i == 0 || i == row.size() - 1;
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        s.append(left ? cell + pad : pad + cell);
        if (i < row.size() - 1) {
          s.append("  ");
        }
      }
      s.setLength(s.toString().stripTrailing().length());
    }
    return s.toString();
  }

  private static List<String> row(String name, KindResult k) {
    return List.of(
        name,
        Long.toString(k.count(Phase.EXTRACT, "raw_extracted")),
        Long.toString(k.count(Phase.TRANSFORM, "filtered_out")),
        Long.toString(k.count(Phase.TRANSFORM, "transformed")),
        Long.toString(k.count(Phase.LOAD, "skipped")),
        Long.toString(k.count(Phase.LOAD, "loaded")),
        Long.toString(k.count(Phase.DELETE, "deleted")),
        Long.toString(k.count(Phase.TRANSFORM, "failed") + k.count(Phase.LOAD, "failed")),
        String.format(Locale.ROOT, "%.2fs", k.durationSeconds()),
        k.success() ? "SUCCESS" : "FAILED");
  }
}
