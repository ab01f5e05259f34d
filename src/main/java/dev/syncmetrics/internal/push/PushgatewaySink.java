package dev.syncmetrics.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.config.Urls;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.metrics.PushgatewayMetrics;
import dev.syncmetrics.internal.record.RunSnapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.PushGateway;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a run's metrics to one Pushgateway group ({@code job}, {@code integration_type}, {@code
 * integration_identifier}) with one PUT, which replaces the whole group, retrying what its {@link
 * RetryPolicy} says is retryable until a deadline.
 *
 * <pre>{@code
 * PushgatewaySink sink = new PushgatewaySink(url, "sync", null, null, client, retry, clock);
 * PushgatewaySink.Outcome o = sink.push(run, state, deadlineNanos);   // never throws
 * }</pre>
 *
 * <p>Connect and read timeouts are the caller's (see {@link FixedTimeoutConnection}); {@link
 * #abort()} cuts a push in progress when the report's deadline passes.
 */
public final class PushgatewaySink {
  private static final Logger logger = LoggerFactory.getLogger(PushgatewaySink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STATUS = Pattern.compile("Response code from \\S+ was (\\d{3})");

  private final URI baseUrl;
  private final String job;
  private final String authorization;
  private final OkHttpClient http;
  private final RetryPolicy retry;
  private final Clock clock;
  private final AtomicReference<HttpURLConnection> current = new AtomicReference<>();

  /**
   * @param username basic-auth user, or null for none (then {@code password} is ignored)
   */
  public PushgatewaySink(
      URI baseUrl,
      String job,
      String username,
      String password,
      OkHttpClient http,
      RetryPolicy retry,
      Clock clock) {
    this.baseUrl = baseUrl;
    this.job = job;
    this.authorization =
        username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http = http;
    this.retry = retry;
    this.clock = clock;
  }

  /** Where this sink pushes, safe to log. */
  public String describe() {
    return Urls.redact(baseUrl.toString());
  }

  /** {@code <job>/<integration_type>/<integration_identifier>}: names the group in the spool. */
  public String group(RunSnapshot run) {
    return job + "/" + run.integrationType() + "/" + run.integrationIdentifier();
  }

  /**
   * @param retried extra attempts made
   * @param error why it failed, or null when pushed
   */
  public record Outcome(int retried, String error) {}

  /**
   * Replaces the run's group with its metrics (first reading, once per process, the last-success
   * times an earlier process pushed), retrying until pushed, refused or past the deadline.
   */
  public Outcome push(RunSnapshot run, PushState state, long deadlineNanos) {
    if (!state.seeded()) {
      try {
        state.seed(readLastSuccess(run, Math.max(1, millisUntil(deadlineNanos) / 4)));
      } catch (IOException e) {
        logger.debug("syncmetrics: could not read earlier last-success times: {}", e.getMessage());
      }
    }
    List<Collector.MetricFamilySamples> families = PushgatewayMetrics.families(run, state);
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        put(families, run, Math.max(1, millisUntil(deadlineNanos)));
        return new Outcome(attempt - 1, null);
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts()
            || !retryable(e)
            || !retry.pause(retry.backoffMillis(attempt), deadlineNanos, clock::nanoTime)) {
          return new Outcome(attempt - 1, e.getMessage());
        }
      }
    }
  }

  /**
   * Adds the start of a run to its group (one POST of the run counts and the start time: only those
   * two families are replaced, the last run's metrics stay), retrying until pushed or past the
   * deadline.
   */
  public Outcome pushStart(RunSnapshot syncing, PushState state, long deadlineNanos) {
    List<Collector.MetricFamilySamples> families = PushgatewayMetrics.startFamilies(syncing, state);
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        send(families, syncing, Math.max(1, millisUntil(deadlineNanos)), false);
        return new Outcome(attempt - 1, null);
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts()
            || !retryable(e)
            || !retry.pause(retry.backoffMillis(attempt), deadlineNanos, clock::nanoTime)) {
          return new Outcome(attempt - 1, e.getMessage());
        }
      }
    }
  }

  private void put(List<Collector.MetricFamilySamples> families, RunSnapshot run, int timeoutMillis)
      throws IOException {
    send(families, run, timeoutMillis, true);
  }

  /** PUT (replace the group) or POST (replace only these families). */
  private void send(
      List<Collector.MetricFamilySamples> families,
      RunSnapshot run,
      int timeoutMillis,
      boolean replace)
      throws IOException {
    Collector collector =
        new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return families;
          }
        };
    PushGateway gateway = new PushGateway(baseUrl.toURL());
    gateway.setConnectionFactory(
        url -> {
          HttpURLConnection real = (HttpURLConnection) new URL(url).openConnection();
          if (authorization != null) {
            real.setRequestProperty("Authorization", authorization);
          }
          HttpURLConnection fixed = new FixedTimeoutConnection(real, timeoutMillis, timeoutMillis);
          current.set(fixed);
          return fixed;
        });
    try {
      if (replace) {
        gateway.push(collector, job, groupingKey(run));
      } else {
        gateway.pushAdd(collector, job, groupingKey(run));
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "push to the Pushgateway at " + describe() + " failed: " + safeMessage(e), e);
    } finally {
      current.set(null);
    }
  }

  private static Map<String, String> groupingKey(RunSnapshot run) {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("integration_type", run.integrationType());
    key.put("integration_identifier", run.integrationIdentifier());
    return key;
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
  Map<String, Double> readLastSuccess(RunSnapshot run, int timeoutMillis) throws IOException {
    OkHttpClient client =
        http.newBuilder().callTimeout(Duration.ofMillis(Math.max(1, timeoutMillis))).build();
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
          JSON.readTree(body.byteStream()), run.integrationType(), run.integrationIdentifier());
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
        try {
          String id =
              Payload.RUNTIME.equals(kind) || index.isEmpty()
                  ? kind
                  : Payload.kindIdentifier(kind, Integer.parseInt(index));
          found.put(id, Double.parseDouble(metric.path("value").asText()));
        } catch (NumberFormatException ignored) {
          // not a number: nothing to keep
        }
      }
    }
    return found;
  }

  private int millisUntil(long deadlineNanos) {
    return (int)
        Math.max(
            0,
            Math.min(
                Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.nanoTime())));
  }

  /**
   * True when a failed push may succeed if tried again: a connection problem, or an answer the
   * retry policy retries (408, 429, 5xx). Other answers (400: metrics the Pushgateway refuses)
   * would fail the same way.
   */
  private boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher m = t.getMessage() == null ? null : STATUS.matcher(t.getMessage());
      if (m != null && m.find()) {
        return retry.retryable(Integer.parseInt(m.group(1)));
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
