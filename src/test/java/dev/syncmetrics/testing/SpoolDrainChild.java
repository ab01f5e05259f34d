package dev.syncmetrics.testing;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that redelivers a spool to a webhook once (what {@code push --spool} does) and prints
 * {@code result <all delivered> <delivered>}. Tests run it with a small heap, or several at once.
 *
 * <pre>{@code
 * java -Xmx32m -cp <test classpath> dev.syncmetrics.testing.SpoolDrainChild SPOOL_DIR WEBHOOK_URL
 * }</pre>
 */
public final class SpoolDrainChild {
  private SpoolDrainChild() {}

  public static void main(String[] args) {
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("github", "drain", "1")
                    .webhookUrl(args[1])
                    .timeout(Duration.ofSeconds(60))
                    .spoolDir(Path.of(args[0]))
                    .build())
            .build()) {
      ReportResult r = reporter.redeliverSpool();
      int delivered = r.target("webhook").map(ReportResult.TargetResult::delivered).orElse(0);
      System.out.println("result " + r.allDelivered() + " " + delivered + " " + r);
      System.out.flush();
    }
  }
}
