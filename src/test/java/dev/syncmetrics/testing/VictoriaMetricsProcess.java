package dev.syncmetrics.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Debian's {@code victoria-metrics} (single node) for a test: a temp data directory, a free
 * loopback port, ready on {@code /health}. It takes Prometheus remote write at {@link #writeUrl()}
 * and answers MetricsQL on {@code /api/v1/query}.
 *
 * <p>Started with {@code -search.latencyOffset=0s}: the default 30 s hides fresh samples from
 * queries. Even so, VictoriaMetrics moves the evaluation time of an instant query whose {@code
 * time} lies within one second of its clock to "now minus one second" (the offset has a floor of
 * one second), so {@link #query(String, Instant)} refuses such a time rather than compare answers
 * at different instants.
 *
 * <pre>{@code
 * try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.startOnFreePort()) {
 *   String remoteWriteUrl = vm.writeUrl();
 *   JsonNode result = vm.query("sync_success == 0", evaluationTime).path("result");
 * }
 * }</pre>
 */
public final class VictoriaMetricsProcess extends ServerProcess {
  public static final String BINARY = "victoria-metrics";

  /** Instant queries closer than this to VictoriaMetrics' clock are evaluated at another time. */
  public static final Duration QUERY_TIME_FLOOR = Duration.ofMillis(1500);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private VictoriaMetricsProcess(int port, Path dir) {
    super(
        "victoria-metrics",
        List.of(
            BINARY,
            "-httpListenAddr=127.0.0.1:" + port,
            "-storageDataPath=" + dir.resolve("data"),
            "-search.latencyOffset=0s"),
        dir.resolve("victoria-metrics.log"),
        port,
        "/health");
  }

  public static VictoriaMetricsProcess startOnFreePort() {
    try {
      Path dir = Files.createTempDirectory("victoria-metrics");
      VictoriaMetricsProcess p = new VictoriaMetricsProcess(FreePort.find(), dir);
      p.launch();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a Prometheus {@code remote_write} sends to. */
  public String writeUrl() {
    return baseUrl() + "/api/v1/write";
  }

  /**
   * Evaluates {@code metricsql} at {@code time} through {@code /api/v1/query} and returns the
   * answer's {@code data}; throws with the server's error when its status is not success.
   *
   * @throws IllegalArgumentException when {@code time} is within {@link #QUERY_TIME_FLOOR} of now,
   *     where VictoriaMetrics would evaluate at another time
   */
  public JsonNode query(String metricsql, Instant time) throws IOException {
    Duration age = Duration.between(time, Instant.now());
    if (age.compareTo(QUERY_TIME_FLOOR) < 0) {
      throw new IllegalArgumentException(
          "evaluation time "
              + time
              + " is only "
              + age.toMillis()
              + " ms old; VictoriaMetrics would evaluate at now - 1s instead");
    }
    String path =
        "/api/v1/query?query="
            + URLEncoder.encode(metricsql, StandardCharsets.UTF_8)
            + "&time="
            + seconds(time);
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body(), e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new IOException(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return body.path("data");
  }

  /**
   * Makes every sample received so far visible to queries ({@code /internal/force_flush}); without
   * it, freshly written samples wait in memory for up to a few seconds.
   */
  public void forceFlush() throws IOException {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/internal/force_flush")).GET());
    if (response.statusCode() != 200) {
      throw new IOException(
          "force_flush answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** Sends {@code body} with {@code method} to {@code pathAndQuery}; any status is returned. */
  public HttpResponse<String> send(String method, String pathAndQuery, String body)
      throws IOException {
    return send(
        HttpRequest.newBuilder(uri(pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Seconds since the epoch with millisecond precision, as the query API takes them. */
  public static String seconds(Instant time) {
    long millis = time.toEpochMilli();
    return String.format("%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
  }

  private URI uri(String pathAndQuery) {
    return URI.create(baseUrl() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
