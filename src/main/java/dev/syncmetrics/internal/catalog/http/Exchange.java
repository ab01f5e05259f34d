package dev.syncmetrics.internal.catalog.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way through {@link HttpServerHost}: its body is read as it arrives (Jetty
 * calls back when there is more; no thread waits for a slow client) up to the size limit and within
 * the request timeout; then the whole request goes to a worker, or is answered 503 at once when the
 * workers and their queue are full.
 */
final class Exchange implements Runnable {
  /** The route label of answers the server gives before any route: busy, body timeout. */
  static final String SERVER = "server";

  private static final Logger logger = LoggerFactory.getLogger(Exchange.class);

  private final org.eclipse.jetty.server.Request request;
  private final org.eclipse.jetty.server.Response response;
  private final Callback callback;
  private final Router router;
  private final Executor workers;
  private final Scheduler scheduler;
  private final ServerLimits limits;
  private final long started = System.nanoTime();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Set once, by whichever comes first: the whole body, a body too large, the deadline. */
  private final AtomicBoolean received = new AtomicBoolean();

  private volatile Scheduler.Task deadline;

  Exchange(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback,
      Router router,
      Executor workers,
      Scheduler scheduler,
      ServerLimits limits) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.router = router;
    this.workers = workers;
    this.scheduler = scheduler;
    this.limits = limits;
  }

  void start() {
    if (request.getLength() > limits.maxBodyBytes()) {
      received(null); // not read: the handler answers 413
      return;
    }
    deadline =
        scheduler.schedule(
            this::timedOut, limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    run();
  }

  /** Reads what has arrived; asks Jetty to call again when more does. */
  @Override
  public void run() {
    while (!received.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        failed(chunk.getFailure());
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      boolean last = chunk.isLast();
      if (body.size() + (long) bytes.remaining() > limits.maxBodyBytes()) {
        chunk.release();
        received(null);
        return;
      }
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      body.write(copy, 0, copy.length);
      chunk.release();
      if (last) {
        received(body.toByteArray());
        return;
      }
    }
  }

  private void failed(Throwable failure) {
    if (failure instanceof TimeoutException) {
      timedOut(); // the connection's idle timeout, which may come before the request's deadline
      return;
    }
    if (received.compareAndSet(false, true)) {
      cancelDeadline();
      logger.debug("request body not received: {}", failure.toString());
      callback.failed(failure);
    }
  }

  private void timedOut() {
    if (received.compareAndSet(false, true)) {
      long seconds = limits.requestTimeout().toSeconds();
      send(
          Response.json(
                  408, HttpJson.error("the request body did not arrive within " + seconds + " s"))
              .withHeader("Connection", "close"),
          true);
    }
  }

  /** The body is in (or was too large: null); hands the request to a worker. */
  private void received(byte[] bytes) {
    if (!received.compareAndSet(false, true)) {
      return;
    }
    cancelDeadline();
    Request whole;
    try {
      whole =
          Request.of(
              request.getMethod(),
              rawPath(),
              request.getHttpURI().getQuery(),
              headers(request.getHeaders()),
              bytes);
    } catch (HttpError e) {
      send(Router.refusal(e), true);
      return;
    }
    try {
      workers.execute(() -> send(router.respond(whole), false));
    } catch (RejectedExecutionException busy) {
      send(
          Response.json(503, HttpJson.error("the catalog is busy; retry in a second"))
              .withHeader("Retry-After", "1"),
          true);
    }
  }

  private String rawPath() {
    String path = request.getHttpURI().getPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static Map<String, List<String>> headers(HttpFields fields) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (HttpField field : fields) {
      out.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
    }
    return out;
  }

  private void cancelDeadline() {
    Scheduler.Task task = deadline;
    if (task != null) {
      task.cancel();
    }
  }

  /**
   * Writes an answer without blocking; a client that does not read it is cut off by the idle
   * timeout.
   *
   * @param observe true for answers the router did not give (it observes its own)
   */
  private void send(Response answer, boolean observe) {
    try {
      response.setStatus(answer.status());
      HttpFields.Mutable headers = response.getHeaders();
      headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
      headers.put("X-Content-Type-Options", "nosniff");
      if (!answer.headers().containsKey("Cache-Control")) {
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
      }
      answer.headers().forEach(headers::put);
      byte[] bytes = answer.body();
      headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
    } catch (RuntimeException e) {
      logger.debug("could not answer {}: {}", request.getMethod(), e.toString());
      callback.failed(e);
    }
    if (observe) {
      router
          .observer()
          .observe(
              SERVER, request.getMethod(), answer.status(), (System.nanoTime() - started) / 1e9);
    }
  }
}
