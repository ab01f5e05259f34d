package dev.syncmetrics.bench;

import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.payload.PayloadWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * What {@code PayloadBenchmark.payloads} measures, in CPU time of the measuring thread rather than
 * wall time: on a shared machine whose load moves, the CPU a thread spends varies far less than how
 * long it waits for a core. Snapshot and payloads of a run of {@code kinds} kinds, repeated, after
 * a warm-up; prints the median of the rounds per kind and the bytes per kind payload.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.PayloadCpu 1000 seed ocean
 * </pre>
 */
public final class PayloadCpu {
  private PayloadCpu() {}

  public static void main(String[] args) {
    int kinds = Integer.parseInt(args[0]);
    SampleRun sample = SampleRun.of(kinds);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    // formats take turns round after round, so a change of load hits both alike
    int formats = args.length - 1;
    PayloadWriter[] writers = new PayloadWriter[formats];
    for (int f = 0; f < formats; f++) {
      writers[f] = new PayloadWriter(Version.VERSION, PayloadFormat.parse(args[f + 1]));
    }
    int rounds = 15;
    int repeat = Math.max(1, 20_000 / kinds);
    double[][] perKind = new double[formats][rounds];
    long[] bytes = new long[formats];
    for (int round = -10; round < rounds; round++) {
      for (int f = 0; f < formats; f++) {
        long start = cpu.getCurrentThreadCpuTime();
        List<Payload> last = null;
        for (int i = 0; i < repeat; i++) {
          last = writers[f].write(sample.snapshot());
        }
        long nanos = cpu.getCurrentThreadCpuTime() - start;
        if (round >= 0) {
          perKind[f][round] = nanos / 1000.0 / repeat / (kinds + 1);
        }
        bytes[f] = last.get(0).body().length;
      }
    }
    for (int f = 0; f < formats; f++) {
      java.util.Arrays.sort(perKind[f]);
      System.out.printf(
          Locale.ROOT,
          "payloads %s, %d kinds: %.2f us CPU per kind (median of %d rounds, min %.2f, max %.2f),"
              + " %d bytes per kind payload%n",
          args[f + 1],
          kinds,
          perKind[f][rounds / 2],
          rounds,
          perKind[f][0],
          perKind[f][rounds - 1],
          bytes[f]);
    }
  }
}
