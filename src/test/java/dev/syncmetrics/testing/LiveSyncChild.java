package dev.syncmetrics.testing;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * An integration in its own process, reporting as users do (kinds ended one by one, then {@code
 * finish()}), for a test to kill (SIGKILL) or stop (SIGTERM). It prints, each line flushed:
 *
 * <ul>
 *   <li>{@code run <event_id>} when a run starts;
 *   <li>{@code ending <event_id>:<kind_identifier>} just before {@code end()}, and {@code ended
 *       <event_id>:<kind_identifier> .} once {@code end()} returned;
 *   <li>{@code finished <event_id> .} once {@code finish()} returned;
 *   <li>{@code ready} (mode {@code hang}) once half its kinds ended, then it waits to be stopped.
 * </ul>
 *
 * <pre>{@code
 * java -cp <test classpath> dev.syncmetrics.testing.LiveSyncChild SPOOL WEBHOOK_URL loop 50 SEED
 * java -cp <test classpath> dev.syncmetrics.testing.LiveSyncChild SPOOL WEBHOOK_URL hang 4 0
 * }</pre>
 *
 * <p>Mode {@code loop} syncs {@code KINDS} kinds again and again, each kind's work lasting a random
 * 0 to 10 ms (seeded); mode {@code hang} runs one sync and stops in the middle of it.
 */
public final class LiveSyncChild {
  /** The integration the child reports as. */
  public static final String TYPE = "github";

  public static final String IDENTIFIER = "live";

  private LiveSyncChild() {}

  public static void main(String[] args) throws Exception {
    Path spool = Path.of(args[0]);
    String webhook = args[1];
    String mode = args[2];
    int kinds = Integer.parseInt(args[3]);
    Random random = new Random(Long.parseLong(args[4]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration(TYPE, IDENTIFIER, "1.0.0")
                    .webhookUrl(webhook)
                    .spoolDir(spool)
                    .timeout(Duration.ofSeconds(10))
                    .shutdownTimeout(Duration.ofSeconds(5))
                    .build())
            .build();
    if (mode.equals("hang")) {
      SyncRun run = reporter.startRun();
      out.println("run " + run.eventId());
      for (int i = 0; i < kinds; i++) {
        KindRecorder kind = run.kind("kind", i);
        kind.extracted(i + 1);
        if (i < kinds / 2) {
          end(out, run, kind);
        }
      }
      out.println("ready");
      Thread.sleep(Long.MAX_VALUE); // the sync is stuck here until SIGTERM
      return;
    }
    while (true) {
      try (SyncRun run = reporter.startRun()) {
        out.println("run " + run.eventId());
        for (int i = 0; i < kinds; i++) {
          KindRecorder kind = run.kind("kind", i);
          try (PhaseTimer t = kind.time(Phase.EXTRACT)) {
            kind.extracted(1 + random.nextInt(100));
            Thread.sleep(random.nextInt(11)); // the kind's work
          }
          kind.loaded(1);
          end(out, run, kind);
        }
        run.finish();
        out.println("finished " + run.eventId() + " .");
      }
    }
  }

  private static void end(PrintStream out, SyncRun run, KindRecorder kind) {
    String key = run.eventId() + ":" + kind.kindIdentifier();
    out.println("ending " + key);
    kind.end();
    out.println("ended " + key + " .");
  }
}
