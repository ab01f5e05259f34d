package dev.syncmetrics.bench;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of recording one object into a kind, beside a bare {@link LongAdder} increment measured
 * the same way in the same run: one thread, then two threads hitting the same kind (the same
 * adder). Also what a disabled reporter costs per recorded object.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package
 * java -jar target/benchmarks.jar RecordingBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordingBenchmark {

  /** One kind of an enabled reporter and one bare adder, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Shared {
    SyncReporter reporter;
    SyncRun run;
    KindRecorder kind;
    final LongAdder adder = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      reporter =
          SyncReporter.builder(
                  SyncMetricsConfig.builder()
                      .enabled(true)
                      .integration("bench", "bench-1", "1.0.0")
                      .spoolDir(Files.createTempDirectory("syncmetrics-bench-spool"))
                      .build())
              .build();
      run = reporter.startRun();
      kind = run.kind("repository", 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      // ends the run without a target to deliver to, then stops the reporter's threads
      run.finish();
      reporter.close();
    }
  }

  /** The kind a disabled reporter hands out. */
  @State(Scope.Benchmark)
  public static class Disabled {
    SyncReporter reporter;
    KindRecorder kind;

    @Setup(Level.Trial)
    public void setUp() {
      reporter = SyncReporter.disabled();
      kind = reporter.startRun().kind("repository", 0);
    }
  }

  /** The measurement floor: a call that does nothing. */
  @Benchmark
  @Threads(1)
  public void baseline() {}

  @Benchmark
  @Threads(1)
  public void t1_longAdder(Shared s) {
    s.adder.increment();
  }

  @Benchmark
  @Threads(1)
  public void t1_record(Shared s) {
    s.kind.extracted();
  }

  @Benchmark
  @Threads(1)
  public void t1_recordCount(Shared s) {
    s.kind.extracted(1);
  }

  @Benchmark
  @Threads(2)
  public void t2_longAdder(Shared s) {
    s.adder.increment();
  }

  @Benchmark
  @Threads(2)
  public void t2_record(Shared s) {
    s.kind.extracted();
  }

  @Benchmark
  @Threads(2)
  public void t2_recordCount(Shared s) {
    s.kind.extracted(1);
  }

  @Benchmark
  @Threads(1)
  public void disabled_record(Disabled d) {
    d.kind.extracted();
  }

  @Benchmark
  @Threads(1)
  public void disabled_recordCount(Disabled d) {
    d.kind.extracted(1);
  }
}
