package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.config.Urls;
import dev.syncmetrics.internal.metrics.PushState;
import dev.syncmetrics.internal.metrics.PushgatewayMetrics;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.spool.LastSuccessFile;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.PushGateway;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Pushes a run's metrics to one Pushgateway group ({@code job}, {@code integration_type}, {@code
 * integration_identifier}) with one PUT, which replaces the whole group, retrying what its {@link
 * RetryPolicy} says is retryable until a deadline.
 *
 * <pre>{@code
 * PushgatewaySink sink =
 *     new PushgatewaySink(url, "sync", null, null, new LastSuccessFile(spoolDir), retry, clock);
 * PushgatewaySink.Outcome o = sink.push(run, state, deadlineNanos);   // never throws
 * }</pre>
 *
 * <p>It never reads from the Pushgateway: the last-success times a push must carry over come from
 * this process and the state directory ({@link LastSuccessFile}). Redirects are not followed, and a
 * failure names the status and a cleaned excerpt of the answer ({@link FailureText}). Connect and
 * read timeouts are the caller's (see {@link FixedTimeoutConnection}); {@link #abort()} cuts a push
 * in progress when the report's deadline passes.
 */
public final class PushgatewaySink {
  private static final Pattern STATUS = Pattern.compile("Response code from \\S+ was (\\d{3})");
  private static final String BODY_MARK = ", response body: ";

  private final HttpUrl baseUrl;
  private final String job;
  private final String authorization;
  private final LastSuccessFile lastSuccess;
  private final Set<String> groupsRead = ConcurrentHashMap.newKeySet();
  private final FailureText failureText;
  private final RetryPolicy retry;
  private final Clock clock;
  private final AtomicReference<HttpURLConnection> current = new AtomicReference<>();

  /**
   * @param username basic-auth user, or null for none (then {@code password} is ignored)
   * @param lastSuccess where last-success times are kept across processes, or null for nowhere
   */
  public PushgatewaySink(
      HttpUrl baseUrl,
      String job,
      String username,
      String password,
      LastSuccessFile lastSuccess,
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
    this.lastSuccess = lastSuccess;
    List<String> secrets = new ArrayList<>(Urls.secretParts(baseUrl));
    if (username != null) {
      secrets.add(password);
      secrets.add(authorization.substring("Basic ".length()));
    }
    this.failureText = new FailureText(secrets);
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
   * Replaces the run's group with its metrics, retrying until pushed, refused or past the deadline.
   * The last-success times go with it: this process's, merged with those the state directory kept.
   */
  public Outcome push(RunSnapshot run, PushState state, long deadlineNanos) {
    rememberLastSuccess(run, state);
    return retrying(PushgatewayMetrics.families(run, state), run, true, deadlineNanos);
  }

  /**
   * Takes the group's kept last-success times into {@code state} (once per group and process), then
   * keeps this run's: before the push, so that they survive whatever becomes of it.
   */
  private void rememberLastSuccess(RunSnapshot run, PushState state) {
    if (lastSuccess == null) {
      return;
    }
    String group = group(run);
    if (groupsRead.add(group)) {
      state.seed(lastSuccess.read(group));
    }
    Map<String, Double> times = new HashMap<>();
    for (KindSnapshot k : run.kinds()) {
      Double t = state.lastSuccess(k.kindIdentifier());
      if (t != null) {
        times.put(k.kindIdentifier(), t);
      }
    }
    Double runtime = state.lastSuccess(Payload.RUNTIME);
    if (runtime != null) {
      times.put(Payload.RUNTIME, runtime);
    }
    lastSuccess.save(group, times);
  }

  /**
   * Adds the start of a run to its group (one POST of the run counts and the start time: only those
   * two families are replaced, the last run's metrics stay), retrying until pushed or past the
   * deadline.
   */
  public Outcome pushStart(RunSnapshot syncing, PushState state, long deadlineNanos) {
    return retrying(
        PushgatewayMetrics.startFamilies(syncing, state), syncing, false, deadlineNanos);
  }

  /** Sends {@code families} until pushed, refused, out of attempts or past the deadline. */
  private Outcome retrying(
      List<Collector.MetricFamilySamples> families,
      RunSnapshot run,
      boolean replace,
      long deadlineNanos) {
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        send(families, run, Math.max(1, millisUntil(deadlineNanos)), replace);
        return new Outcome(attempt - 1, null);
      } catch (PushFailed e) {
        if (attempt >= retry.maxAttempts()
            || !e.retryable
            || !retry.pause(retry.backoffMillis(attempt), deadlineNanos, clock::nanoTime)) {
          return new Outcome(attempt - 1, e.getMessage());
        }
      }
    }
  }

  /** A push that failed, in words safe to log, and whether trying again may help. */
  private static final class PushFailed extends Exception {
    final boolean retryable;

    PushFailed(String message, boolean retryable) {
      super(message, null, false, false);
      this.retryable = retryable;
    }
  }

  /** PUT (replace the group) or POST (replace only these families). */
  private void send(
      List<Collector.MetricFamilySamples> families,
      RunSnapshot run,
      int timeoutMillis,
      boolean replace)
      throws PushFailed {
    Collector collector =
        new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return families;
          }
        };
    AtomicReference<FixedTimeoutConnection> made = new AtomicReference<>();
    PushGateway gateway = new PushGateway(baseUrl.url());
    gateway.setConnectionFactory(
        url -> {
          HttpURLConnection real = (HttpURLConnection) new URL(url).openConnection();
          real.setInstanceFollowRedirects(false); // a redirected PUT would not arrive as sent
          if (authorization != null) {
            real.setRequestProperty("Authorization", authorization);
          }
          FixedTimeoutConnection fixed =
              new FixedTimeoutConnection(real, timeoutMillis, timeoutMillis);
          made.set(fixed);
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
      throw failed(e, made.get());
    } finally {
      current.set(null);
    }
  }

  /** Why a push failed, from the answer when there was one, without what the answer echoed. */
  private PushFailed failed(Exception e, FixedTimeoutConnection connection) {
    String prefix = "push to the Pushgateway at " + describe() + " failed: ";
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = STATUS.matcher(message);
    if (!m.find()) {
      boolean io = e instanceof IOException;
      return new PushFailed(
          prefix + e.getClass().getSimpleName() + ": " + failureText.clean(safeMessage(e)), io);
    }
    int status = Integer.parseInt(m.group(1));
    if (status / 100 == 3) {
      String location = connection == null ? null : connection.redirectLocation();
      return new PushFailed(prefix + failureText.redirect(status, location, baseUrl), false);
    }
    int body = message.indexOf(BODY_MARK);
    String answer = body < 0 ? "" : message.substring(body + BODY_MARK.length());
    return new PushFailed(prefix + failureText.status(status, answer), retry.retryable(status));
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

  private int millisUntil(long deadlineNanos) {
    return (int)
        Math.max(
            0,
            Math.min(
                Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.nanoTime())));
  }

  /** An exception's message with any URL in it redacted (the library puts the push URL in it). */
  static String safeMessage(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("https?://\\S+", "<pushgateway>");
  }
}
