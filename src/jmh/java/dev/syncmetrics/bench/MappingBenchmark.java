package dev.syncmetrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.mapping.MappingResult;
import dev.syncmetrics.mapping.Mappings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payloads mapped per second, on one thread, through the seed guide's two webhook mappings (kind
 * metrics and runtime status) as shipped in mappings/.
 *
 * <ul>
 *   <li>{@code mapParsed}: the payload is already a JSON tree (as in the catalog, which parses the
 *       body once to check it); the mappings run and give their result.
 *   <li>{@code parseMapPrint}: from the payload's bytes to the result's bytes, the same work as
 *       {@code jq -c -f program.jq payloads.jsonl}: parse, map, print.
 *   <li>{@code parseOnly}: for reference, Jackson parsing the payload and nothing else.
 * </ul>
 *
 * <p>Payloads come from {@code -p payloads=FILE} (JSON lines, as scripts/bench-mapping writes them)
 * or, by default, 10,000 distinct payloads generated here with a fixed seed.
 *
 * <pre>
 * mvn -Pbench -DskipTests package &amp;&amp; java -jar target/benchmarks.jar MappingBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class MappingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param("")
  public String payloads;

  @Param("mappings")
  public String mappingsDir;

  private Mappings mappings;
  private byte[][] raw;
  private JsonNode[] parsed;
  private int next;

  @Setup
  public void setUp() throws IOException {
    Path dir = Path.of(mappingsDir);
    mappings =
        Mappings.builder()
            .blueprint(
                "integration.json", Files.readString(dir.resolve("blueprints/integration.json")))
            .blueprint(
                "integration_kind_metrics.json",
                Files.readString(dir.resolve("blueprints/integration_kind_metrics.json")))
            .webhook(
                "kind-metrics.json", Files.readString(dir.resolve("webhooks/kind-metrics.json")))
            .webhook(
                "runtime-status.json",
                Files.readString(dir.resolve("webhooks/runtime-status.json")))
            .build();
    List<String> lines =
        payloads.isEmpty()
            ? generate(10_000)
            : Files.readAllLines(Path.of(payloads), StandardCharsets.UTF_8);
    raw = new byte[lines.size()][];
    parsed = new JsonNode[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      raw[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
      parsed[i] = JSON.readTree(raw[i]);
      MappingResult check = mappings.apply(parsed[i], Map.of(), Map.of());
      if (!check.clean() || check.upserts().size() != 1) {
        throw new IllegalStateException("payload " + i + " does not map cleanly: " + check);
      }
    }
  }

  @Benchmark
  public MappingResult mapParsed() {
    JsonNode payload = parsed[next];
    next = next + 1 == parsed.length ? 0 : next + 1;
    return mappings.apply(payload, Map.of(), Map.of());
  }

  @Benchmark
  public byte[] parseMapPrint() throws IOException {
    byte[] payload = raw[next];
    next = next + 1 == raw.length ? 0 : next + 1;
    MappingResult result = mappings.apply(JSON.readTree(payload), Map.of(), Map.of());
    return JSON.writeValueAsBytes(result.toJson());
  }

  /** For reference: parsing alone, the part of {@code parseMapPrint} that is not mapping. */
  @Benchmark
  public JsonNode parseOnly() throws IOException {
    byte[] payload = raw[next];
    next = next + 1 == raw.length ? 0 : next + 1;
    return JSON.readTree(payload);
  }

  /**
   * Writes {@code N} generated payloads to {@code FILE} as JSON lines (what scripts/bench-mapping
   * feeds to both jq and this benchmark): {@code java -cp target/benchmarks.jar
   * dev.syncmetrics.bench.MappingBenchmark N FILE}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: MappingBenchmark N FILE");
      System.exit(2);
    }
    Files.write(Path.of(args[1]), generate(Integer.parseInt(args[0])), StandardCharsets.UTF_8);
  }

  /** Distinct payloads in the reporter's shape: runs of 1 to 5 kinds, then their runtime. */
  static List<String> generate(int n) {
    Random random = new Random(42);
    String[] kinds = {"repository", "pull-request", "merge-request", "issue", "team", "user"};
    String[] types = {"github", "gitlab", "jira", "pagerduty"};
    List<String> out = new ArrayList<>(n);
    while (out.size() < n) {
      String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
      String type = types[random.nextInt(types.length)];
      String identifier = type + "-" + (1 + random.nextInt(500));
      int kindCount = 1 + random.nextInt(5);
      for (int k = 0; k <= kindCount && out.size() < n; k++) {
        boolean runtime = k == kindCount;
        String kind = runtime ? "__runtime__" : kinds[random.nextInt(kinds.length)];
        ObjectNode p = JSON.createObjectNode();
        p.put("integration_type", type)
            .put("integration_identifier", identifier)
            .put("integration_version", "1.4.0")
            .put("reporter_version", "0.1.0")
            .put("event_id", eventId)
            .put("sync_state", "completed")
            .put("kind_identifier", runtime ? kind : kind + "-" + k)
            .put("kind", kind);
        if (!runtime) {
          p.put("kind_index", k);
        }
        p.put(
            "reported_at",
            String.format("2026-11-21T10:%02d:%02dZ", random.nextInt(60), random.nextInt(60)));
        int extracted = random.nextInt(5000);
        int transformed = Math.max(0, extracted - random.nextInt(20));
        int loaded = Math.max(0, transformed - random.nextInt(5));
        double[] d = {
          random.nextInt(30000) / 1000.0,
          random.nextInt(30000) / 1000.0,
          random.nextInt(30000) / 1000.0
        };
        ObjectNode phase = p.putObject("metrics").putObject("phase");
        ObjectNode extract =
            phase.putObject("extract").put("object_count", extracted).put("duration_seconds", d[0]);
        extract
            .putObject("object_count_type")
            .putObject("raw_extracted")
            .put("object_count", extracted);
        ObjectNode transform =
            phase
                .putObject("transform")
                .put("object_count", transformed)
                .put("duration_seconds", d[1]);
        ObjectNode tt = transform.putObject("object_count_type");
        tt.putObject("transformed").put("object_count", transformed);
        tt.putObject("filtered_out").put("object_count", random.nextInt(4));
        tt.putObject("failed").put("object_count", random.nextInt(3));
        ObjectNode load =
            phase.putObject("load").put("object_count", loaded).put("duration_seconds", d[2]);
        ObjectNode lt = load.putObject("object_count_type");
        lt.putObject("loaded").put("object_count", loaded);
        lt.putObject("failed").put("object_count", random.nextInt(3));
        lt.putObject("skipped").put("object_count", 0);
        phase
            .putObject("delete")
            .put("object_count", 3)
            .putObject("object_count_type")
            .putObject("deleted")
            .put("object_count", 3);
        phase
            .putObject("resync")
            .put("duration_seconds", d[0] + d[1] + d[2])
            .put("success", random.nextInt(10) == 0 ? 0 : 1)
            .put("memory_usage_bytes", 10_000_000L + random.nextInt(1_000_000_000));
        out.add(p.toString());
      }
    }
    return out;
  }
}
