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
import java.util.List;

/**
 * A real Prometheus (Debian's {@code prometheus}) for a test: a given configuration, a temp data
 * directory, a free loopback port; ready on {@code /-/ready}.
 *
 * <pre>{@code
 * try (PrometheusProcess prometheus = PrometheusProcess.startOnFreePort(configYaml)) {
 *   JsonNode result = prometheus.query("sync_success == 0");
 * }
 * }</pre>
 */
public final class PrometheusProcess extends ServerProcess {
  public static final String BINARY = "prometheus";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusProcess(int port, Path dir, Path config) {
    super(
        "prometheus",
        List.of(
            BINARY,
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port),
        dir.resolve("prometheus.log"),
        port,
        "/-/ready");
  }

  /** Writes {@code configYaml} to a temp directory and starts Prometheus with it. */
  public static PrometheusProcess startOnFreePort(String configYaml) {
    try {
      Path dir = Files.createTempDirectory("prometheus");
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, configYaml);
      PrometheusProcess p = new PrometheusProcess(FreePort.find(), dir, config);
      p.launch();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Evaluates {@code promql} now through {@code /api/v1/query} and returns the answer's {@code
   * data}; throws with Prometheus's error when its status is not success.
   */
  public JsonNode query(String promql) throws IOException {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The alerts Prometheus currently holds (pending and firing), {@code /api/v1/alerts}. */
  public JsonNode alerts() throws IOException {
    return api("/api/v1/alerts").path("alerts");
  }

  /** {@code GET path} of the HTTP API; returns {@code data} when the status is success. */
  public JsonNode api(String pathAndQuery) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body(), e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new IOException(
          "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
    }
    return body.path("data");
  }
}
