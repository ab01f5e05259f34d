package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.config.Urls;
import dev.syncmetrics.internal.signature.SignatureScheme;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.internal.signature.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * POSTs payloads to the webhook URL over one shared {@link OkHttpClient}: signs them when a secret
 * is set (our timestamped scheme, or the catalog vendor's), checks the status, and retries what its
 * {@link RetryPolicy} says is retryable until a deadline.
 *
 * <pre>{@code
 * WebhookSink sink = new WebhookSink(url, secret, SignatureScheme.SYNCMETRICS, client,
 *     new RetryPolicy(5), Clock.SYSTEM);
 * WebhookSink.Outcome o = sink.send(payload, deadlineNanos);   // never throws
 * }</pre>
 */
public final class WebhookSink {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "syncmetrics/" + Version.VERSION;

  /** The payload itself is at fault: sending it again cannot help. */
  private static final Set<Integer> REJECTED = Set.of(400, 413, 415, 422);

  private final URI url;

  /** The URL parsed once; null when OkHttp cannot parse it (each request then reports why). */
  private final HttpUrl httpUrl;

  private final WebhookSigner signer;
  private final OkHttpClient http;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * @param secret the HMAC key, or null to send unsigned
   * @param scheme how to sign: {@link SignatureScheme#SYNCMETRICS} for our catalog, {@link
   *     SignatureScheme#SHA256} (or sha1, plain) for the catalog vendor's webhook
   */
  public WebhookSink(
      URI url,
      String secret,
      SignatureScheme scheme,
      OkHttpClient http,
      RetryPolicy retry,
      Clock clock) {
    this.url = url;
    this.httpUrl = HttpUrl.parse(url.toString());
    this.signer =
        secret == null
            ? null
            : new WebhookSigner(scheme, secret.getBytes(StandardCharsets.UTF_8), null, null);
    this.http = NoDelaySocketFactory.on(http);
    this.retry = retry;
    this.clock = clock;
  }

  /** Where this sink posts, safe to log. */
  public String describe() {
    return Urls.redact(url.toString());
  }

  /** How one payload's delivery ended. */
  public enum Status {
    DELIVERED,
    REJECTED,
    FAILED
  }

  /**
   * @param attempts requests made
   * @param error the last problem, or null when delivered
   */
  public record Outcome(Status status, int attempts, String error) {}

  /**
   * Sends one payload, retrying until delivered, rejected, out of attempts or past the deadline.
   */
  public Outcome send(Payload payload, long deadlineNanos) {
    String error = null;
    int attempt = 0;
    while (attempt < retry.maxAttempts()) {
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.nanoTime());
      if (remainingMillis <= 0 || Thread.currentThread().isInterrupted()) {
        return new Outcome(
            Status.FAILED, attempt, error == null ? "report deadline passed" : error);
      }
      attempt++;
      long waitMillis;
      Call call = http.newCall(request(payload));
      call.timeout().timeout(remainingMillis, TimeUnit.MILLISECONDS);
      inFlight.add(call);
      try (Response response = call.execute()) {
        int code = response.code();
        if (response.isSuccessful()) {
          // the status says it all: a slow or cut body must not hold the report
          return new Outcome(Status.DELIVERED, attempt, null);
        }
        String body = excerpt(response.body());
        error = "HTTP " + code + (body.isEmpty() ? "" : ": " + body);
        if (REJECTED.contains(code)) {
          return new Outcome(Status.REJECTED, attempt, error);
        }
        if (!retry.retryable(code)) {
          return new Outcome(Status.FAILED, attempt, error);
        }
        waitMillis = retry.retryAfterMillis(response.header("Retry-After"), attempt);
      } catch (IOException e) {
        error = describe(e);
        waitMillis = retry.backoffMillis(attempt);
      } finally {
        inFlight.remove(call);
      }
      if (attempt >= retry.maxAttempts()) {
        break;
      }
      if (!retry.pause(waitMillis, deadlineNanos, clock::nanoTime)) {
        return new Outcome(
            Status.FAILED,
            attempt,
            Thread.currentThread().isInterrupted()
                ? error
                : error + " (next retry due after the report deadline)");
      }
    }
    return new Outcome(Status.FAILED, attempt, error + " (after " + attempt + " attempts)");
  }

  private Request request(Payload payload) {
    Request.Builder r = new Request.Builder();
    if (httpUrl != null) {
      r.url(httpUrl);
    } else {
      r.url(url.toString());
    }
    r.post(RequestBody.create(payload.body(), JSON))
        .header("User-Agent", USER_AGENT)
        .header(WebhookSignature.IDEMPOTENCY_HEADER, payload.idempotencyKey());
    if (signer != null) {
      signer.sign(clock.now().getEpochSecond(), payload.body(), r::header);
    }
    return r.build();
  }

  /** Cancels every request in flight (the report's deadline passed). */
  public void cancelAll() {
    for (Call c : inFlight) {
      c.cancel();
    }
  }

  private static String excerpt(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try {
      okio.BufferedSource source = body.source();
      source.request(200);
      String s = source.readUtf8(Math.min(200, source.getBuffer().size()));
      return s.replaceAll("\\s+", " ").trim();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** An I/O error in words, without the URL (OkHttp puts it in some messages). */
  private static String describe(IOException e) {
    String m = e.getMessage();
    String what = e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      return what;
    }
    return what + ": " + m.replaceAll("https?://\\S+", "<webhook>");
  }
}
