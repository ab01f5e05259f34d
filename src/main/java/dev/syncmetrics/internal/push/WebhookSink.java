package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.config.Urls;
import dev.syncmetrics.internal.signature.IdempotencyKey;
import dev.syncmetrics.internal.signature.SignatureScheme;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.internal.signature.WebhookSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Redirects are not followed: a 3xx is a failure naming its (redacted) {@code Location}, and the
 * payload is spooled like after a 401 or 404. Failure reasons carry the status and a cleaned
 * excerpt of the body, never the body as it came ({@link FailureText}).
 */
public final class WebhookSink {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "syncmetrics/" + Version.VERSION;

  /** The payload itself is at fault: sending it again cannot help. */
  private static final Set<Integer> REJECTED = Set.of(400, 413, 415, 422);

  private final HttpUrl url;
  private final WebhookSigner signer;
  private final FailureText failureText;
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
      HttpUrl url,
      String secret,
      SignatureScheme scheme,
      OkHttpClient http,
      RetryPolicy retry,
      Clock clock) {
    this.url = url;
    this.signer =
        secret == null
            ? null
            : new WebhookSigner(scheme, secret.getBytes(StandardCharsets.UTF_8), null, null);
    List<String> secrets = new ArrayList<>(Urls.secretParts(url));
    secrets.add(secret);
    this.failureText = new FailureText(secrets);
    this.http = withoutRedirects(NoDelaySocketFactory.on(http));
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

  /** The shared client (its pool and dispatcher) with redirects off, for this sink only. */
  private static OkHttpClient withoutRedirects(OkHttpClient client) {
    return client.followRedirects() || client.followSslRedirects()
        ? client.newBuilder().followRedirects(false).followSslRedirects(false).build()
        : client;
  }

  /**
   * Sends one payload, retrying until delivered, rejected, out of attempts or past the deadline.
   */
  public Outcome send(Payload payload, long deadlineNanos) {
    try {
      return attempt(payload, deadlineNanos);
    } catch (RuntimeException e) {
      // a bug or a payload OkHttp refuses to send: a reason in the result, never a lost thread
      return new Outcome(
          Status.FAILED,
          1,
          "unexpected " + e.getClass().getSimpleName() + ": " + failureText.clean(e.getMessage()));
    }
  }

  private Outcome attempt(Payload payload, long deadlineNanos) {
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
        if (code / 100 == 3) {
          return new Outcome(
              Status.FAILED, attempt, failureText.redirect(code, response.header("Location"), url));
        }
        error = failureText.status(code, bodyStart(response.body()));
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
    Request.Builder r = new Request.Builder().url(url);
    r.post(RequestBody.create(payload.body(), JSON))
        .header("User-Agent", USER_AGENT)
        .header(
            WebhookSignature.IDEMPOTENCY_HEADER, IdempotencyKey.header(payload.idempotencyKey()));
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

  /** The start of a failed answer's body (cleaned later), or "" when unreadable. */
  private static String bodyStart(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try {
      okio.BufferedSource source = body.source();
      source.request(FailureText.READ_LIMIT);
      return source.readUtf8(Math.min(FailureText.READ_LIMIT, source.getBuffer().size()));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** An I/O error in words, without the URL (OkHttp puts it in some messages) or secrets. */
  private String describe(IOException e) {
    String m = e.getMessage();
    String what = e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      return what;
    }
    return what + ": " + failureText.clean(m.replaceAll("https?://\\S+", "<webhook>"));
  }
}
