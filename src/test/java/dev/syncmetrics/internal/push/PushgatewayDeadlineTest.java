package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * simpleclient_pushgateway 0.16.0 resets timeouts to 10 s; a Pushgateway that accepts and never
 * answers must still not hold the report past its deadline.
 */
class PushgatewayDeadlineTest {
  @TempDir Path spool;

  @Test
  void blackHoledPushgatewayDoesNotOutlastTheReportTimeout() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(blackHole.accept());
                  }
                } catch (java.io.IOException closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();
      ReportResult result;
      try (SyncReporter reporter =
          SyncReporter.builder(
                  SyncMetricsConfig.builder()
                      .enabled(true)
                      .integration("github", "gh", "1")
                      .pushgatewayUrl("http://127.0.0.1:" + blackHole.getLocalPort())
                      .timeout(Duration.ofSeconds(2))
                      .spoolDir(spool)
                      .build())
              .build()) {
        SyncRun run = reporter.startRun();
        run.kind("repository", 0).extracted(1);
        result = run.finish();
      }
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(took < 3500, "report took " + took + " ms with a 2 s timeout");
      assertFalse(accepted.isEmpty(), "the push reached the server");
      ReportResult.TargetResult pg = result.target("pushgateway").orElseThrow();
      assertEquals(0, pg.delivered());
      assertEquals(1, pg.spooled(), "the run's state is kept for later: " + result);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
