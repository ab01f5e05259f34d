package dev.syncmetrics.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Clock;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A sample sync recorded by the real reporter, with no target: {@code map --from-reporter} maps the
 * payloads it builds. Kind {@code repository} (index 0) completes; kind {@code merge-request}
 * (index 1) fails in its transform phase, so the run fails too. Phase durations are simulated (no
 * sleeping) by a clock that moves as the sync goes.
 */
final class SampleSync {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kept: the reporter's "no targets" notice is noise here (JUL holds loggers weakly). */
  private static final java.util.logging.Logger DELIVERY_LOG =
      java.util.logging.Logger.getLogger("dev.syncmetrics.internal.push");

  private SampleSync() {}

  /** The payloads, in {@code format}, by {@code "reporter:<kind_identifier>"}. */
  static Map<String, JsonNode> payloads(PayloadFormat format) {
    Path spool;
    try {
      spool = Files.createTempDirectory("syncmetrics-map-");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create a temporary directory: " + e.getMessage());
    }
    DELIVERY_LOG.setLevel(java.util.logging.Level.WARNING);
    SimulatedClock clock = new SimulatedClock();
    try (SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("sample", "sample-local", Version.VERSION)
                    .spoolDir(spool)
                    .payloadFormat(format)
                    .build())
            .clock(clock)
            .build()) {
      SyncRun run = reporter.startRun();
      KindRecorder repos = run.kind("repository", 0);
      phase(repos, Phase.EXTRACT, clock, 1_200, () -> repos.extracted(120));
      phase(
          repos,
          Phase.TRANSFORM,
          clock,
          300,
          () -> {
            repos.transformed(118);
            repos.filteredOut(1);
            repos.transformFailed(1);
          });
      phase(
          repos,
          Phase.LOAD,
          clock,
          2_100,
          () -> {
            repos.loaded(117);
            repos.loadFailed(1);
          });
      repos.deleted(3);
      KindRecorder mrs = run.kind("merge-request", 1);
      phase(mrs, Phase.EXTRACT, clock, 800, () -> mrs.extracted(40));
      phase(mrs, Phase.TRANSFORM, clock, 1_500, () -> mrs.transformFailed(40));
      mrs.fail(new IllegalStateException("sample: every merge request failed to transform"));
      ReportResult result = run.finish();
      Map<String, JsonNode> payloads = new LinkedHashMap<>();
      for (Payload payload : result.payloads()) {
        payloads.put("reporter:" + payload.kindIdentifier(), JSON.readTree(payload.body()));
      }
      return payloads;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(spool);
    }
  }

  private static void phase(
      KindRecorder kind, Phase phase, SimulatedClock clock, long millis, Runnable work) {
    try (PhaseTimer t = kind.time(phase)) {
      work.run();
      clock.advanceMillis(millis);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover empty temporary directory is harmless
    }
  }

  /** Wall time now, plus whatever the sample sync has simulated. */
  private static final class SimulatedClock implements Clock {
    private final Instant start = Instant.now();
    private final AtomicLong nanos = new AtomicLong();

    void advanceMillis(long millis) {
      nanos.addAndGet(millis * 1_000_000L);
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public Instant now() {
      return start.plusNanos(nanos.get());
    }
  }
}
