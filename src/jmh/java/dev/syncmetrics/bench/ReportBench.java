package dev.syncmetrics.bench;

import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.payload.PayloadWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end-to-end report benchmark that {@code scripts/bench} drives: the end-of-sync report of 10
 * to 10,000 kinds delivered to a real webhook sink and a real Pushgateway, and the reporter's heap
 * per kind. Prints one table; every line is also easy to grep.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench report \
 *     --webhook http://127.0.0.1:8080/webhook --pushgateway http://127.0.0.1:9091 \
 *     --kinds 10,100,1000,10000 --runs 7 --warmup 5 --ceiling 25000
 *     [--targets all|both|split|cold|fresh] [--crowd N] [--implicit]
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench live \
 *     --webhook http://127.0.0.1:8080/webhook --pushgateway http://127.0.0.1:9091 \
 *     --kinds 1000 --runs 7 --warmup 3 --threads 1,8
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench heap --kinds 10000
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench sample-payload FILE
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench okhttp-baseline URL BODY_FILE
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench ports 3
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench catalog-requests FILE --count N --secret S
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench pushgateway-body FILE --size BYTES [--format text]
 * java -cp target/benchmarks.jar dev.syncmetrics.bench.ReportBench group-body FILE --kinds N
 * </pre>
 *
 * <p>Every command takes {@code --payload-format seed|ocean} (default seed): the format of the
 * payloads its reporters and files are written in.
 *
 * <p>{@code --targets}: {@code all} times the report to both targets, then to each alone; {@code
 * both} and {@code split} one or the other; {@code cold} makes one report to both in this fresh JVM
 * and prints its milliseconds (run it in several JVMs for a figure); {@code fresh} times the first
 * report of a new reporter each time (what a new process pays on top of a warmed-up one, in a warm
 * JVM), all sharing one state directory as processes of one integration do. {@code --crowd N}
 * leaves another integration's group of N kinds on the Pushgateway while measuring. Every kind is
 * ended ({@code end()}) as it is recorded, as users do, so {@code report} times what {@code
 * finish()} still has to do; {@code --implicit} leaves the kinds to {@code finish()}, as before
 * kinds were reported as they end.
 *
 * <p>{@code live} times, on the threads that record, each {@code end()} (the payload written ahead:
 * one forced write shared by the kinds ending together), and the time from the last {@code end()}
 * returning to {@code finish()} returning.
 */
public final class ReportBench {
  private static final int CONCURRENCY = 8;

  /** The payload format of every reporter and payload written here ({@code --payload-format}). */
  static PayloadFormat format = PayloadFormat.SEED;

  /** Held so that java.util.logging keeps the level (it holds loggers weakly). */
  private static final Logger QUIET = Logger.getLogger("dev.syncmetrics");

  private ReportBench() {}

  public static void main(String[] args) throws Exception {
    QUIET.setLevel(Level.WARNING);
    if (args.length == 0) {
      System.err.println(
          "usage: ReportBench report|heap|sample-payload|okhttp-baseline|ports|catalog-requests|pushgateway-body ...");
      System.exit(2);
    }
    Options o = new Options(Arrays.copyOfRange(args, 1, args.length));
    format = PayloadFormat.parse(o.value("--payload-format", "seed"));
    switch (args[0]) {
      case "report" -> report(o);
      case "heap" -> heap(o);
      case "live" -> live(o);
      case "sample-payload" -> samplePayload(Path.of(o.positional(0)));
      case "ports" -> ports(Integer.parseInt(o.positional(0)));
      case "okhttp-baseline" ->
          okhttpBaseline(
              o.positional(0),
              Path.of(o.positional(1)),
              Integer.parseInt(o.value("--requests", "20000")));
      case "catalog-requests" ->
          IngestRequests.write(
              Path.of(o.positional(0)),
              Integer.parseInt(o.value("--count", "100000")),
              o.value("--secret", "bench-secret"),
              Integer.parseInt(o.value("--integrations", "50")),
              Integer.parseInt(o.value("--kinds", "20")));
      case "group-body" ->
          IngestRequests.groupBody(
              Path.of(o.positional(0)), Integer.parseInt(o.value("--kinds", "10")));
      case "pushgateway-body" ->
          IngestRequests.pushgatewayBody(
              Path.of(o.positional(0)),
              Integer.parseInt(o.value("--size", "1100")),
              !o.value("--format", "protobuf").equals("text"));
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  /** Free ports on 127.0.0.1, one a line. */
  private static void ports(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        held.add(s);
        System.out.println(s.getLocalPort());
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  /**
   * Plain OkHttp without the reporter: {@code requests} POSTs of the body from 8 threads over one
   * client, five rounds, the last three printed with the JVM's CPU time per request. What the
   * reporter's webhook delivery can at best approach.
   */
  private static void okhttpBaseline(String url, Path body, int requests) throws Exception {
    byte[] bytes = Files.readAllBytes(body);
    okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
    dispatcher.setMaxRequestsPerHost(CONCURRENCY);
    okhttp3.OkHttpClient client =
        new okhttp3.OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(
                new okhttp3.ConnectionPool(CONCURRENCY, 1, java.util.concurrent.TimeUnit.MINUTES))
            .build();
    okhttp3.HttpUrl target = okhttp3.HttpUrl.get(url);
    okhttp3.MediaType json = okhttp3.MediaType.get("application/json");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(CONCURRENCY);
    try {
      for (int round = 0; round < 5; round++) {
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < CONCURRENCY; t++) {
          workers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < requests / CONCURRENCY; i++) {
                      okhttp3.Request r =
                          new okhttp3.Request.Builder()
                              .url(target)
                              .post(okhttp3.RequestBody.create(bytes, json))
                              .build();
                      try (okhttp3.Response response = client.newCall(r).execute()) {
                        if (!response.isSuccessful()) {
                          throw new IOException("HTTP " + response.code());
                        }
                      }
                    }
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<?> w : workers) {
          w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (round >= 2) {
          System.out.printf(
              Locale.ROOT,
              "plain OkHttp, %d threads: %.0f requests/s, %.0f us CPU per request%n",
              CONCURRENCY,
              requests / seconds,
              (os.getProcessCpuTime() - cpu) / 1e3 / requests);
        }
      }
    } finally {
      pool.shutdownNow();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** One realistic kind payload, as the webhook receives it (for wrk's body). */
  private static void samplePayload(Path file) throws IOException {
    SampleRun sample = SampleRun.of(13);
    byte[] body =
        new PayloadWriter(Version.VERSION, format).write(sample.snapshot()).get(12).body();
    Files.write(file, body);
  }

  private static void report(Options o) throws Exception {
    String webhook = o.value("--webhook", null);
    String pushgateway = o.value("--pushgateway", null);
    int runs = Integer.parseInt(o.value("--runs", "7"));
    int warmup = Integer.parseInt(o.value("--warmup", "5"));
    double ceiling = Double.parseDouble(o.value("--ceiling", "0"));
    String targets = o.value("--targets", "all");
    boolean endKinds = !o.flag("--implicit");
    int crowd = Integer.parseInt(o.value("--crowd", "0"));
    Path spool = Files.createTempDirectory("syncmetrics-bench-spool");
    if (crowd > 0 && pushgateway != null) {
      // another integration's group of `crowd` kinds stays on the Pushgateway while we measure
      time(reporter(null, pushgateway, spool, crowd, "crowd-" + crowd), crowd, 1, 0);
      awaitGroup(pushgateway, "crowd-" + crowd); // a Pushgateway without its check stores later
    }
    if (targets.equals("cold")) {
      // one report in this fresh JVM, nothing warmed up: what a sync that reports once sees
      int kinds = o.ints("--kinds", "1000")[0];
      double[] ms = time(reporter(webhook, pushgateway, spool, kinds), kinds, 1, 0).ms();
      deleteGroup(pushgateway, kinds);
      System.out.printf(Locale.ROOT, "%.1f%n", ms[0]);
      return;
    }

    if (targets.equals("fresh")) {
      for (int kinds : o.ints("--kinds", "10")) {
        print(
            (webhook == null ? "" : "webhook+")
                + (pushgateway == null ? "" : "pushgateway")
                + ", new reporter"
                + (crowd > 0 ? ", crowded" : ""),
            kinds,
            timeFresh(webhook, pushgateway, spool, kinds, runs, warmup),
            0);
        if (pushgateway != null) {
          // the same group's body PUT without the reporter: what the Pushgateway alone takes
          print(
              "bare PUT, no reporter" + (crowd > 0 ? ", crowded" : ""),
              kinds,
              timeBarePut(pushgateway, kinds, runs, warmup),
              0);
          deleteGroup(pushgateway, kinds);
        }
      }
      if (crowd > 0 && pushgateway != null) {
        deleteGroup(pushgateway, "crowd-" + crowd);
      }
      return;
    }
    if (crowd > 0) {
      System.out.printf(
          Locale.ROOT, "(the Pushgateway also holds another integration's %d kinds)%n", crowd);
    }
    System.out.printf(
        Locale.ROOT,
        "%-28s %7s %5s %9s %9s %9s %14s %9s %11s%n",
        "report",
        "kinds",
        "runs",
        "median_ms",
        "min_ms",
        "max_ms",
        "payloads_per_s",
        "of_wrk",
        "cpu_us_each");
    for (int kinds : o.ints("--kinds", "10,100,1000,10000")) {
      // each configuration starts with an empty Pushgateway: it checks every push against all
      // the groups it holds, so groups left by earlier sizes would slow down later ones
      if (webhook != null && pushgateway != null && !targets.equals("split")) {
        print(
            "webhook+pushgateway",
            kinds,
            time(reporter(webhook, pushgateway, spool, kinds), kinds, runs, warmup, endKinds),
            0);
        deleteGroup(pushgateway, kinds);
      }
      if (webhook != null && !targets.equals("both")) {
        print(
            "webhook only",
            kinds,
            time(reporter(webhook, null, spool, kinds), kinds, runs, warmup, endKinds),
            ceiling);
      }
      if (pushgateway != null && !targets.equals("both")) {
        print(
            "pushgateway only",
            kinds,
            time(reporter(null, pushgateway, spool, kinds), kinds, runs, warmup),
            0);
        deleteGroup(pushgateway, kinds);
      }
    }
    if (crowd > 0 && pushgateway != null) {
      deleteGroup(pushgateway, "crowd-" + crowd);
    }
  }

  /**
   * Waits until the Pushgateway serves a group (it answers 202 and stores later when started with
   * {@code --push.disable-consistency-check}), reading its exposition line by line; at most 120 s.
   */
  private static void awaitGroup(String pushgateway, String identifier)
      throws IOException, InterruptedException {
    String wanted = "integration_identifier=\"" + identifier + "\"";
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (java.io.BufferedReader r =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  URI.create(pushgateway + "/metrics").toURL().openStream(),
                  java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.contains(wanted)) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new IOException("the Pushgateway did not show group " + identifier + " within 120 s");
  }

  private static void deleteGroup(String pushgateway, int kinds)
      throws IOException, InterruptedException {
    deleteGroup(pushgateway, "bench-" + kinds);
  }

  private static void deleteGroup(String pushgateway, String identifier)
      throws IOException, InterruptedException {
    URI group =
        URI.create(
            pushgateway
                + "/metrics/job/sync/integration_type/bench/integration_identifier/"
                + identifier);
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(group).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("DELETE " + group + " answered " + r.statusCode());
    }
  }

  private static SyncReporter reporter(String webhook, String pushgateway, Path spool, int kinds) {
    return reporter(webhook, pushgateway, spool, kinds, "bench-" + kinds);
  }

  private static SyncReporter reporter(
      String webhook, String pushgateway, Path spool, int kinds, String identifier) {
    SyncMetricsConfig.Builder b =
        SyncMetricsConfig.builder()
            .enabled(true)
            .integration("bench", identifier, "1.0.0")
            .webhookSecret("bench-secret")
            .webhookConcurrency(CONCURRENCY)
            .timeout(Duration.ofSeconds(60))
            .spoolDir(spool)
            .payloadFormat(format);
    if (webhook != null) {
      b.webhookUrl(webhook);
    }
    if (pushgateway != null) {
      b.pushgatewayUrl(pushgateway);
    }
    return SyncReporter.builder(b.build()).build();
  }

  /**
   * @param ms milliseconds of each measured report
   * @param cpuMicrosPerPayload this JVM's CPU time (every thread: delivery, JIT, GC) during the
   *     measured reports, per payload
   */
  private record Timing(double[] ms, double cpuMicrosPerPayload) {}

  /** Timings of {@code runs} reports of {@code kinds} kinds, after unmeasured ones. */
  private static Timing time(SyncReporter reporter, int kinds, int runs, int warmup) {
    return time(reporter, kinds, runs, warmup, true);
  }

  private static Timing time(
      SyncReporter reporter, int kinds, int runs, int warmup, boolean endKinds) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (reporter) {
      double[] ms = new double[runs];
      long cpu = 0;
      for (int r = -warmup; r < runs; r++) {
        SyncRun run = reporter.startRun();
        for (int i = 0; i < kinds; i++) {
          KindRecorder k = run.kind(i % 2 == 0 ? "repository" : "pull-request", i);
          record(k, i);
          if (endKinds) {
            k.end();
          }
        }
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        ReportResult result = run.finish();
        long took = System.nanoTime() - start;
        long cpuTook = os.getProcessCpuTime() - cpuStart;
        if (!result.allDelivered()) {
          throw new IllegalStateException(
              "report of " + kinds + " kinds was not fully delivered: " + result);
        }
        if (r >= 0) {
          ms[r] = took / 1e6;
          cpu += cpuTook;
        }
      }
      return new Timing(ms, runs == 0 ? 0 : cpu / 1e3 / runs / (kinds + 1));
    }
  }

  /**
   * The first report of a new reporter, {@code runs} times after {@code warmup} unmeasured: each
   * report by its own reporter (as a new process would make it), all with one state directory.
   */
  private static Timing timeFresh(
      String webhook, String pushgateway, Path spool, int kinds, int runs, int warmup) {
    double[] ms = new double[runs];
    for (int r = -warmup; r < runs; r++) {
      Timing one = time(reporter(webhook, pushgateway, spool, kinds), kinds, 1, 0);
      if (r >= 0) {
        ms[r] = one.ms()[0];
      }
    }
    return new Timing(ms, 0);
  }

  /** PUTs of a group's text body (as the reporter pushes it) with the JDK's client, timed. */
  private static Timing timeBarePut(String pushgateway, int kinds, int runs, int warmup)
      throws IOException, InterruptedException {
    Path body = Files.createTempFile("syncmetrics-bench-group", ".txt");
    IngestRequests.groupBody(body, kinds);
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest put =
        HttpRequest.newBuilder(
                URI.create(
                    pushgateway
                        + "/metrics/job/sync/integration_type/bench/integration_identifier/bench-"
                        + kinds))
            .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofFile(body))
            .build();
    double[] ms = new double[runs];
    for (int r = -warmup; r < runs; r++) {
      long start = System.nanoTime();
      HttpResponse<Void> answer = client.send(put, HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() / 100 != 2) {
        throw new IOException("PUT answered " + answer.statusCode());
      }
      if (r >= 0) {
        ms[r] = (System.nanoTime() - start) / 1e6;
      }
    }
    Files.delete(body);
    return new Timing(ms, 0);
  }

  private static void record(KindRecorder k, int i) {
    try (PhaseTimer t = k.time(Phase.EXTRACT)) {
      k.extracted(1_000 + i);
    }
    try (PhaseTimer t = k.time(Phase.TRANSFORM)) {
      k.transformed(990 + i);
      k.filteredOut(7);
      k.transformFailed(3);
    }
    try (PhaseTimer t = k.time(Phase.LOAD)) {
      k.loaded(985 + i);
      k.loadFailed(2);
      k.skipped(3);
    }
    k.deleted(i % 5);
  }

  /**
   * Live reporting: runs of {@code kinds} kinds recorded and ended on {@code threads} threads at
   * once; prints the time each {@code end()} took on its thread and the time from the last {@code
   * end()} returning to {@code finish()} returning.
   */
  private static void live(Options o) throws Exception {
    String webhook = o.value("--webhook", null);
    String pushgateway = o.value("--pushgateway", null);
    int runs = Integer.parseInt(o.value("--runs", "7"));
    int warmup = Integer.parseInt(o.value("--warmup", "3"));
    Path spool = Files.createTempDirectory("syncmetrics-bench-spool");
    System.out.printf(
        Locale.ROOT,
        "%-8s %7s %5s %11s %11s %11s %11s %14s %11s %11s%n",
        "threads",
        "kinds",
        "runs",
        "end_p50_us",
        "end_p90_us",
        "end_p99_us",
        "end_mean_us",
        "tail_p50_ms",
        "tail_min_ms",
        "tail_max_ms");
    for (int threads : o.ints("--threads", "1,8")) {
      for (int kinds : o.ints("--kinds", "1000")) {
        String id = "live-" + kinds + "-" + threads;
        try (SyncReporter reporter = reporter(webhook, pushgateway, spool, kinds, id)) {
          long[] ends = new long[kinds * runs];
          double[] tails = new double[runs];
          for (int r = -warmup; r < runs; r++) {
            SyncRun run = reporter.startRun();
            java.util.concurrent.atomic.AtomicInteger next =
                new java.util.concurrent.atomic.AtomicInteger();
            long[] took = new long[kinds];
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
              workers[t] =
                  new Thread(
                      () -> {
                        for (int i = next.getAndIncrement();
                            i < kinds;
                            i = next.getAndIncrement()) {
                          KindRecorder k = run.kind(i % 2 == 0 ? "repository" : "pull-request", i);
                          record(k, i);
                          long start = System.nanoTime();
                          k.end();
                          took[i] = System.nanoTime() - start;
                        }
                      });
              workers[t].start();
            }
            for (Thread w : workers) {
              w.join();
            }
            long lastEnd = System.nanoTime();
            ReportResult result = run.finish();
            long tail = System.nanoTime() - lastEnd;
            if (!result.allDelivered()) {
              throw new IllegalStateException("run not fully delivered: " + result);
            }
            if (r >= 0) {
              System.arraycopy(took, 0, ends, r * kinds, kinds);
              tails[r] = tail / 1e6;
            }
          }
          if (pushgateway != null) {
            deleteGroup(pushgateway, id);
          }
          Arrays.sort(ends);
          double[] sortedTails = tails.clone();
          Arrays.sort(sortedTails);
          System.out.printf(
              Locale.ROOT,
              "%-8d %7d %5d %11.1f %11.1f %11.1f %11.1f %14.1f %11.1f %11.1f%n",
              threads,
              kinds,
              runs,
              ends[ends.length / 2] / 1e3,
              ends[(int) (ends.length * 0.9)] / 1e3,
              ends[(int) (ends.length * 0.99)] / 1e3,
              Arrays.stream(ends).average().orElse(0) / 1e3,
              sortedTails[runs / 2],
              sortedTails[0],
              sortedTails[runs - 1]);
        }
      }
    }
  }

  private static void print(String what, int kinds, Timing timing, double ceiling) {
    double[] ms = timing.ms();
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double rate = (kinds + 1) / (median / 1000);
    String fraction =
        ceiling > 0 && what.startsWith("webhook only")
            ? String.format(Locale.ROOT, "%.2f", rate / ceiling)
            : "-";
    System.out.printf(
        Locale.ROOT,
        "%-28s %7d %5d %9.1f %9.1f %9.1f %14.0f %9s %11.0f%n",
        what,
        kinds,
        ms.length,
        median,
        sorted[0],
        sorted[sorted.length - 1],
        what.startsWith("webhook") ? rate : Double.NaN,
        fraction,
        timing.cpuMicrosPerPayload());
  }

  /**
   * Heap held by one run of {@code kinds} kinds with every count recorded, per kind: used heap
   * after GC with the run alive, minus before it existed. Then the same with the run finished and
   * its result (which holds the payloads) still referenced.
   */
  private static void heap(Options o) throws Exception {
    int kinds = o.ints("--kinds", "10000")[0];
    SyncReporter reporter =
        SyncReporter.builder(
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .integration("bench", "bench-heap", "1.0.0")
                    .spoolDir(Files.createTempDirectory("syncmetrics-bench-spool"))
                    .payloadFormat(format)
                    .build())
            .build();
    // warm up the classes involved, so their metadata and statics are not counted
    try (SyncRun warm = reporter.startRun()) {
      record(warm.kind("repository", 0), 0);
      warm.finish();
    }
    long before = usedAfterGc();
    SyncRun run = reporter.startRun();
    for (int i = 0; i < kinds; i++) {
      record(run.kind(i % 2 == 0 ? "repository" : "pull-request", i), i);
    }
    long during = usedAfterGc();
    ReportResult result = run.finish();
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "heap per kind while recording (%d kinds): %.0f bytes%n",
        kinds,
        (during - before) / (double) kinds);
    System.out.printf(
        Locale.ROOT,
        "heap per kind after finish, result held (%d kinds): %.0f bytes%n",
        kinds,
        (after - before) / (double) kinds);
    java.lang.ref.Reference.reachabilityFence(run);
    java.lang.ref.Reference.reachabilityFence(result);
    reporter.close();
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** {@code --name value} options and positional arguments. */
  private record Options(String[] args) {
    String value(String name, String fallback) {
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals(name)) {
          return args[i + 1];
        }
      }
      return fallback;
    }

    boolean flag(String name) {
      return Arrays.asList(args).contains(name);
    }

    int[] ints(String name, String fallback) {
      return Arrays.stream(value(name, fallback).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    String positional(int n) {
      return args[n];
    }
  }
}
