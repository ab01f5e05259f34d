package dev.syncmetrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.shape.CanonicalPayload;
import dev.syncmetrics.mapping.Mappings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the catalog's webhook route does to a body before storing it, in CPU time of the measuring
 * thread (steadier than wall time on a shared machine): parse it; parse it and add every spelling
 * ({@code CanonicalPayload}); parse, add the spellings and apply the mappings of {@code mappings/}.
 * Payloads of 1,000 kinds in each format, rounds taking turns; prints the median per payload.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.CanonicalCpu mappings
 * </pre>
 */
public final class CanonicalCpu {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CanonicalCpu() {}

  public static void main(String[] args) throws IOException {
    Mappings mappings = Mappings.load(Path.of(args.length > 0 ? args[0] : "mappings"));
    SampleRun sample = SampleRun.of(1000);
    List<String> names = new ArrayList<>();
    List<List<byte[]>> bodies = new ArrayList<>();
    for (PayloadFormat f : PayloadFormat.values()) {
      List<byte[]> b = new ArrayList<>();
      for (Payload p : new PayloadWriter(Version.VERSION, f).write(sample.snapshot())) {
        b.add(p.body());
      }
      names.add(f.label());
      bodies.add(b);
    }
    String[] steps = {"parse", "parse+canonical", "parse+canonical+map"};
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    int rounds = 15;
    double[][][] us = new double[names.size()][steps.length][rounds];
    long sink = 0;
    for (int round = -10; round < rounds; round++) {
      for (int f = 0; f < names.size(); f++) {
        for (int step = 0; step < steps.length; step++) {
          long start = cpu.getCurrentThreadCpuTime();
          for (byte[] body : bodies.get(f)) {
            JsonNode tree = JSON.readTree(body);
            if (step >= 1) {
              tree = CanonicalPayload.ofParsed(tree).body();
            }
            if (step == 2) {
              sink += mappings.apply(tree, Map.of(), Map.of()).upserts().size();
            }
            sink += tree.size();
          }
          if (round >= 0) {
            us[f][step][round] =
                (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / bodies.get(f).size();
          }
        }
      }
    }
    for (int f = 0; f < names.size(); f++) {
      for (int step = 0; step < steps.length; step++) {
        Arrays.sort(us[f][step]);
        System.out.printf(
            Locale.ROOT,
            "%s payloads, %s: %.2f us CPU per payload (median of %d rounds, min %.2f)%n",
            names.get(f),
            steps[step],
            us[f][step][rounds / 2],
            rounds,
            us[f][step][0]);
      }
    }
    System.out.println("(checksum " + sink + ")");
  }
}
