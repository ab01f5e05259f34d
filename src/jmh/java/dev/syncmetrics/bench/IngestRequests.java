package dev.syncmetrics.bench;

import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.metrics.PushgatewayMetrics;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.signature.WebhookSignature;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Request files for the catalog ingest benchmark (scripts/bench-catalog): signed webhook payloads,
 * every one a distinct {@code event_id}/{@code kind_identifier} pair, and a Pushgateway body of the
 * same size.
 */
final class IngestRequests {
  private IngestRequests() {}

  /**
   * Writes {@code count} signed requests, one a line: {@code timestamp TAB signature TAB
   * idempotency-key TAB body}. They are the payloads of runs of {@code kindsPerRun} kinds (plus
   * {@code __runtime__}) of {@code integrations} integrations taking turns, so entities are
   * upserted again and again as in a catalog fed by many integrations. Signed now: the catalog
   * accepts them for five minutes.
   */
  static void write(Path file, int count, String secret, int integrations, int kindsPerRun)
      throws IOException {
    SampleRun sample = SampleRun.of(kindsPerRun);
    PayloadWriter writer = new PayloadWriter(Version.VERSION, ReportBench.format);
    WebhookSignature signature = new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8));
    long now = Instant.now().getEpochSecond();
    int written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int run = 0; written < count; run++) {
        RunSnapshot snapshot =
            sample.snapshot("bench-" + (run % integrations), UUID.randomUUID().toString());
        for (Payload p : writer.write(snapshot)) {
          if (written == count) {
            break;
          }
          String body = new String(p.body(), StandardCharsets.UTF_8);
          if (body.indexOf('\n') >= 0 || body.indexOf('\t') >= 0) {
            throw new IllegalStateException("payload with a line break or tab cannot go in a line");
          }
          out.write(
              now
                  + "\t"
                  + signature.sign(now, p.body())
                  + "\t"
                  + p.idempotencyKey()
                  + "\t"
                  + body
                  + "\n");
          written++;
        }
      }
    }
  }

  /**
   * A Pushgateway body with the metrics of the sample run's kinds, as many whole samples as fit in
   * {@code size} bytes: the protobuf format the reporter sends, or the text format.
   */
  static void pushgatewayBody(Path file, int size, boolean protobuf) throws IOException {
    SampleRun sample = SampleRun.of(3);
    RunSnapshot run = sample.snapshot();
    PushState state = new PushState();
    state.runFinished(run);
    List<MetricFamilySamples> all = PushgatewayMetrics.families(run, state);
    byte[] best = encode(List.of(), protobuf);
    // add samples one at a time, family by family, while the body still fits
    List<MetricFamilySamples> kept = new ArrayList<>();
    outer:
    for (MetricFamilySamples f : all) {
      List<MetricFamilySamples.Sample> samples = new ArrayList<>();
      for (MetricFamilySamples.Sample s : f.samples) {
        if (s.labelValues.contains("__runtime__") || f.name.equals("syncmetrics_info")) {
          continue;
        }
        samples.add(s);
        List<MetricFamilySamples> candidate = new ArrayList<>(kept);
        candidate.add(new MetricFamilySamples(f.name, f.type, f.help, List.copyOf(samples)));
        byte[] body = encode(candidate, protobuf);
        if (body.length > size) {
          break outer;
        }
        best = body;
      }
      if (!samples.isEmpty()) {
        kept.add(new MetricFamilySamples(f.name, f.type, f.help, samples));
      }
    }
    Files.write(file, best);
  }

  /**
   * The text body the reporter pushes for a run of {@code kinds} kinds (every family, {@code
   * __runtime__} included), for pushing a group of that size with curl or wrk.
   */
  static void groupBody(Path file, int kinds) throws IOException {
    RunSnapshot run = SampleRun.of(kinds).snapshot();
    PushState state = new PushState();
    state.runFinished(run);
    Files.write(file, encode(PushgatewayMetrics.families(run, state), false));
  }

  private static byte[] encode(List<MetricFamilySamples> families, boolean protobuf)
      throws IOException {
    if (protobuf) {
      return PushgatewayProtobuf.encode(families);
    }
    StringWriter text = new StringWriter();
    TextFormat.write004(text, Collections.enumeration(families));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
