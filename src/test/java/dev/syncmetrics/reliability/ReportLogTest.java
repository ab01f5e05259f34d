package dev.syncmetrics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.testing.FaultyCatalog;
import dev.syncmetrics.testing.FaultyCatalog.Fault;
import dev.syncmetrics.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each report logs one summary line with delivered / retried / spooled / dropped per target. */
class ReportLogTest {
  @TempDir Path spool;

  private static List<String> summaries(LogCapture log) {
    return log.lines().stream().filter(l -> l.contains("syncmetrics: run ")).toList();
  }

  @Test
  void oneLinePerReportSaysWhatWentWhere() {
    try (FaultyCatalog catalog = FaultyCatalog.start();
        ReportLoop loop =
            new ReportLoop(Duration.ofSeconds(5), spool, b -> b.webhookUrl(catalog.url()));
        LogCapture log = new LogCapture()) {
      catalog.retryAfterSeconds(0);
      catalog.behaveNext(1, Fault.TOO_MANY_REQUESTS);
      ReportResult retried = loop.report();
      assertEquals(List.of("INFO syncmetrics: " + retried), summaries(log));
      assertTrue(
          summaries(log).get(0).contains("webhook{delivered=3, retried=1, spooled=0, dropped=0}"),
          log.all());

      catalog.behaveNext(1, Fault.REJECT);
      ReportResult rejected = loop.report();
      assertEquals(2, summaries(log).size(), log.all());
      assertEquals("WARNING syncmetrics: " + rejected, summaries(log).get(1));
      assertTrue(
          summaries(log)
              .get(1)
              .contains("webhook{delivered=2, retried=0, spooled=0, dropped=1, failures=["),
          log.all());

      catalog.stop();
      ReportResult spooled = loop.report();
      assertEquals(3, summaries(log).size(), log.all());
      assertTrue(
          summaries(log)
              .get(2)
              .matches(
                  "WARNING syncmetrics: run \\S+ completed: webhook\\{delivered=0,"
                      + " retried=\\d+, spooled=3, dropped=0, failures=.*"),
          summaries(log).get(2));
      assertEquals(3, spooled.target("webhook").orElseThrow().spooled());
    }
  }
}
