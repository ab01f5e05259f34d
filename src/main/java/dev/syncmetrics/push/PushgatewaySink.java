package dev.syncmetrics.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.config.Urls;
import dev.syncmetrics.record.KindSnapshot;
import dev.syncmetrics.record.RunSnapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.PushGateway;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Pushes a run's metrics to one Pushgateway group ({@code job}, {@code integration_type}, {@code
 * integration_identifier}) with one PUT, which replaces the whole group.
 *
 * <p>Connect and read timeouts are the caller's (see {@link FixedTimeoutConnection}); {@link
 * #abort()} cuts a push in progress when the report's deadline passes.
 */
public final class PushgatewaySink {
  /** Pushes tried per report: the first and up to two retries, within the report's deadline. */
  static final int MAX_ATTEMPTS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STATUS = Pattern.compile("Response code from \\S+ was (\\d{3})");

  private final URI baseUrl;
  private final String job;
  private final String authorization;
  private final OkHttpClient http;
  private final AtomicReference<HttpURLConnection> current = new AtomicReference<>();

  public PushgatewaySink(
      URI baseUrl, String job, String username, String password, OkHttpClient http) {
    this.baseUrl = baseUrl;
    this.job = job;
    this.authorization =
        username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http = http;
  }

  /** Where this sink pushes, safe to log. */
  public String describe() {
    return Urls.redact(baseUrl.toString());
  }

  public Map<String, String> groupingKey(String integrationType, String integrationIdentifier) {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("integration_type", integrationType);
    key.put("integration_identifier", integrationIdentifier);
    return key;
  }

  /**
   * Replaces the group with the run's metrics.
   *
   * @throws IOException naming the Pushgateway (without credentials or query) and the cause
   */
  public void push(RunSnapshot run, PushState state, int timeoutMillis) throws IOException {
    List<Collector.MetricFamilySamples> families = PushgatewayMetrics.families(run, state);
    Collector collector =
        new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return families;
          }
        };
    PushGateway gateway = new PushGateway(baseUrl.toURL());
    int timeout = Math.max(1, timeoutMillis);
    gateway.setConnectionFactory(
        url -> {
          HttpURLConnection real = (HttpURLConnection) new java.net.URL(url).openConnection();
          if (authorization != null) {
            real.setRequestProperty("Authorization", authorization);
          }
          HttpURLConnection fixed = new FixedTimeoutConnection(real, timeout, timeout);
          current.set(fixed);
          return fixed;
        });
    try {
      gateway.push(collector, job, groupingKey(run.integrationType(), run.integrationIdentifier()));
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "push to the Pushgateway at " + describe() + " failed: " + safeMessage(e), e);
    } finally {
      current.set(null);
    }
  }

  /** Cuts a push in progress (from another thread), so its thread is freed at once. */
  public void abort() {
    HttpURLConnection c = current.getAndSet(null);
    if (c != null) {
      c.disconnect();
    }
  }

  /**
   * Reads the group's {@code sync_last_success_timestamp_seconds} from the Pushgateway, so a first
   * run of a new process that fails does not erase what an earlier process pushed.
   */
  public Map<String, Double> readLastSuccess(
      String integrationType, String integrationIdentifier, int timeoutMillis) throws IOException {
    OkHttpClient client =
        http.newBuilder()
            .callTimeout(java.time.Duration.ofMillis(Math.max(1, timeoutMillis)))
            .build();
    Request.Builder request =
        new Request.Builder().url(baseUrl.resolve("/api/v1/metrics").toString());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful() || body == null) {
        throw new IOException(
            "reading groups from the Pushgateway at "
                + describe()
                + " answered "
                + response.code());
      }
      return lastSuccessOf(
          JSON.readTree(body.byteStream()), integrationType, integrationIdentifier);
    } catch (IOException e) {
      throw new IOException(
          "reading groups from the Pushgateway at " + describe() + " failed: " + safeMessage(e), e);
    }
  }

  Map<String, Double> lastSuccessOf(
      JsonNode root, String integrationType, String integrationIdentifier) {
    Map<String, Double> found = new HashMap<>();
    for (JsonNode group : root.path("data")) {
      JsonNode labels = group.path("labels");
      if (!job.equals(labels.path("job").asText())
          || !integrationType.equals(labels.path("integration_type").asText())
          || !integrationIdentifier.equals(labels.path("integration_identifier").asText())) {
        continue;
      }
      for (JsonNode metric : group.path("sync_last_success_timestamp_seconds").path("metrics")) {
        JsonNode l = metric.path("labels");
        String kind = l.path("kind").asText();
        String index = l.path("kind_index").asText("");
        String id =
            KindSnapshot.RUNTIME.equals(kind) || index.isEmpty() ? kind : kind + "-" + index;
        try {
          found.put(id, Double.parseDouble(metric.path("value").asText()));
        } catch (NumberFormatException ignored) {
          // not a number: nothing to keep
        }
      }
    }
    return found;
  }

  /**
   * True when a failed push may succeed if tried again: a connection problem, or an answer of 408,
   * 429 or 5xx. Other answers (400: metrics the Pushgateway refuses) would fail the same way.
   */
  static boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher m = t.getMessage() == null ? null : STATUS.matcher(t.getMessage());
      if (m != null && m.find()) {
        int code = Integer.parseInt(m.group(1));
        return code >= 500 || code == 408 || code == 429;
      }
    }
    return e instanceof IOException;
  }

  /** An exception's message with any URL in it redacted (the library puts the push URL in it). */
  static String safeMessage(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("https?://\\S+", "<pushgateway>");
  }
}
