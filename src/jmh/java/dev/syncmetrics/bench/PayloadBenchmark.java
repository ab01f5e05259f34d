package dev.syncmetrics.bench;

import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.metrics.PushgatewayMetrics;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.record.RunSnapshot;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Building the end-of-sync payloads for 10 to 10,000 kinds: freezing the kinds (snapshot) and
 * writing one JSON payload per kind plus {@code __runtime__}, in each payload format; and, beside
 * it, building the Pushgateway body of the same run (protobuf as sent, and the text format for
 * comparison; the same whatever the format).
 *
 * <pre>
 * java -jar target/benchmarks.jar PayloadBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * java -jar target/benchmarks.jar 'PayloadBenchmark.payloads' -p format=seed,ocean -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PayloadBenchmark {
  @Param({"10", "100", "1000", "10000"})
  public int kinds;

  @Param({"seed", "ocean"})
  public String format;

  private SampleRun sample;
  private RunSnapshot frozen;
  private PayloadWriter writer;
  private final PushState state = new PushState();

  @Setup(Level.Trial)
  public void setUp() {
    sample = SampleRun.of(kinds);
    writer = new PayloadWriter(Version.VERSION, PayloadFormat.parse(format));
    frozen = sample.snapshot();
    state.runFinished(frozen);
  }

  /** Snapshot and JSON payloads: what the webhook delivery needs. */
  @Benchmark
  public List<Payload> payloads() {
    return writer.write(sample.snapshot());
  }

  /** The Pushgateway body of the same run as the reporter sends it: protobuf, length-delimited. */
  @Benchmark
  public byte[] pushgatewayProtobuf() {
    return PushgatewayProtobuf.encode(PushgatewayMetrics.families(frozen, state));
  }

  /** The same families in the text format (what simpleclient_pushgateway sent), for comparison. */
  @Benchmark
  public long pushgatewayText() throws IOException {
    CountingStream out = new CountingStream();
    // buffered as simpleclient's PushGateway writes it
    try (Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      TextFormat.write004(w, Collections.enumeration(PushgatewayMetrics.families(frozen, state)));
    }
    return out.count;
  }

  /** Counts bytes and keeps none, like a socket that is always ready. */
  private static final class CountingStream extends java.io.OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
