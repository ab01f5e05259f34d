package dev.syncmetrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleSourceTest {
  private static final SampleKind REPOS = SampleKind.ALL.get(0);

  private static SampleSource source(String jsonl) {
    return SampleSource.of(
        name -> new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)));
  }

  private static String records(int n) {
    StringBuilder s = new StringBuilder();
    for (int id = 1; id <= n; id++) {
      s.append("{\"id\":").append(id).append(",\"stars\":100}\n");
    }
    return s.toString();
  }

  @Test
  void aRecordIsMissingFromTheRunsWhereSevenTimesItsIdPlusTheRunIsAMultipleOfFifty()
      throws IOException {
    SampleSource source = source(records(120));
    Set<Long> run1 = ids(source.records(REPOS, 1));
    Set<Long> run2 = ids(source.records(REPOS, 2));
    // 7 * 7 + 1 = 50, 7 * 57 + 1 = 400, 7 * 107 + 1 = 750; 7 * 14 + 2 = 100 ...
    assertEquals(117, run1.size());
    assertFalse(run1.contains(7L) || run1.contains(57L) || run1.contains(107L));
    assertFalse(run2.contains(14L) || run2.contains(64L) || run2.contains(114L));
    assertTrue(run2.contains(7L), "missing in run 1, back in run 2");
    assertTrue(run1.contains(14L));
  }

  @Test
  void revisionsGrowWithTheRunAndBumpTheCounterField() throws IOException {
    SampleSource source = source(records(20));
    List<ObjectNode> run1 = source.records(REPOS, 1);
    List<ObjectNode> run2 = source.records(REPOS, 2);
    ObjectNode nine = find(run1, 9); // (1 + 9) / 10 = 1
    ObjectNode three = find(run1, 3); // (1 + 3) / 10 = 0
    assertEquals(1, nine.get("revision").asInt());
    assertEquals(101, nine.get("stars").asInt());
    assertEquals(0, three.get("revision").asInt());
    assertEquals(100, three.get("stars").asInt());
    assertEquals(1, find(run2, 8).get("revision").asInt()); // (2 + 8) / 10 = 1
    assertEquals(0, find(run2, 3).get("revision").asInt());
  }

  @Test
  void aLineThatIsNotARecordWithAnIdIsAnErrorNamingTheLine() {
    SampleSource source = source("{\"id\":1}\n{\"name\":\"x\"}\n");
    IOException e = assertThrows(IOException.class, () -> source.records(REPOS, 1));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void theBundledDataHoldsAFewThousandRecordsAcrossFourKinds() throws IOException {
    SampleSource bundled = SampleSource.bundled();
    int total = 0;
    for (SampleKind kind : SampleKind.ALL) {
      int n = bundled.records(kind, 1).size();
      assertTrue(n > 100, kind.name() + " has " + n);
      total += n;
    }
    assertTrue(total > 2000, "total " + total);
    assertTrue(SampleKind.ALL.stream().anyMatch(k -> k.name().contains("-")));
  }

  private static Set<Long> ids(List<ObjectNode> records) {
    Set<Long> out = new HashSet<>();
    records.forEach(r -> out.add(r.get("id").asLong()));
    return out;
  }

  private static ObjectNode find(List<ObjectNode> records, long id) {
    return records.stream().filter(r -> r.get("id").asLong() == id).findFirst().orElseThrow();
  }
}
