package dev.syncmetrics.testing;

import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.signature.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A webhook target on MockWebServer that keeps payloads the way the catalog does (once per {@code
 * Idempotency-Key}, a redelivery answered 200 {@code "duplicate":true}) and misbehaves on demand:
 * refuses connections (stopped), answers errors, never answers, resets connections, answers slowly.
 *
 * <p>A run's {@code syncing} announcement (sent when it starts, never spooled) is kept apart: it is
 * answered by the lasting fault ({@link #behave}) but takes no one-shot fault ({@link #behaveNext},
 * which counts payloads), and it is listed by {@link #announcements()}, not {@link #stored()}.
 *
 * <pre>{@code
 * try (FaultyCatalog catalog = FaultyCatalog.start()) {
 *   catalog.behave(FaultyCatalog.Fault.NO_RESPONSE);
 *   ... report ...
 *   catalog.behave(FaultyCatalog.Fault.NONE);
 *   assertEquals(expectedKeys, catalog.stored().keySet());
 * }
 * }</pre>
 */
public final class FaultyCatalog extends Dispatcher implements AutoCloseable {
  /** How requests are answered. */
  public enum Fault {
    /** Store (once per key) and answer 200. */
    NONE,
    /** Answer 500, then 503, alternately; store nothing. */
    SERVER_ERRORS,
    /** Answer 422: the payload itself is refused, for good; store nothing. */
    REJECT,
    /** Answer 429 with {@code Retry-After} ({@link #retryAfterSeconds}); store nothing. */
    TOO_MANY_REQUESTS,
    /** Read the request, store nothing, never answer. */
    NO_RESPONSE,
    /** Reset the connection halfway through the request body; nothing stored. */
    RESET_DURING_REQUEST_BODY,
    /** Store the payload, then reset the connection before answering: the sender cannot know. */
    STORE_THEN_RESET,
    /** Store the payload and answer 200 only after {@link #slowAnswer}. */
    SLOW_ANSWER,
    /** Store the payload, answer 200 at once but trickle the response body. */
    SLOW_BODY,
  }

  private final int port;
  private MockWebServer server;
  private volatile Fault fault = Fault.NONE;
  private final Deque<Fault> oneShots = new ArrayDeque<>();
  private volatile long retryAfterSeconds = 1;
  private volatile Duration slowAnswer = Duration.ofSeconds(5);
  private volatile Duration answerDelay = Duration.ZERO;
  private final Map<String, String> stored = new LinkedHashMap<>();
  private final Map<String, String> announcements = new LinkedHashMap<>();
  private final Map<String, List<Long>> attempts = new LinkedHashMap<>();
  private int duplicates;
  private int errors;

  private FaultyCatalog(int port) {
    this.port = port;
  }

  /** A catalog listening on a free loopback port. */
  public static FaultyCatalog start() {
    FaultyCatalog c = new FaultyCatalog(FreePort.find());
    c.listen();
    return c;
  }

  /**
   * A catalog on a free port that is not listening yet: connections are refused until {@link
   * #listen()}.
   */
  public static FaultyCatalog stopped() {
    return new FaultyCatalog(FreePort.find());
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/webhook";
  }

  /** Starts listening (again) on the same port. */
  public synchronized void listen() {
    if (server != null) {
      return;
    }
    MockWebServer s = new MockWebServer();
    s.setDispatcher(this);
    try {
      s.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server = s;
  }

  /** Stops listening: connections are refused. */
  public synchronized void stop() {
    if (server != null) {
      try {
        server.shutdown();
      } catch (IOException slowHandlersStillSleeping) {
        // their sockets are closed; the threads end when their sleep does
      }
      server = null;
    }
  }

  /** From now on, answers every request this way. */
  public synchronized void behave(Fault fault) {
    this.fault = fault;
    oneShots.clear();
  }

  /** Answers the next {@code requests} requests this way, then as before. */
  public synchronized void behaveNext(int requests, Fault fault) {
    for (int i = 0; i < requests; i++) {
      oneShots.add(fault);
    }
  }

  public void retryAfterSeconds(long seconds) {
    this.retryAfterSeconds = seconds;
  }

  public void slowAnswer(Duration delay) {
    this.slowAnswer = delay;
  }

  /** Delays every answer of {@link Fault#NONE} this long (a busy catalog). */
  public void answerDelay(Duration delay) {
    this.answerDelay = delay;
  }

  /** The {@code syncing} announcements stored, by idempotency key, in the order first stored. */
  public synchronized Map<String, String> announcements() {
    return new LinkedHashMap<>(announcements);
  }

  /** Payload bodies stored, by idempotency key, in the order first stored. */
  public synchronized Map<String, String> stored() {
    return new LinkedHashMap<>(stored);
  }

  /** Requests for an already stored key (answered 200 duplicate). */
  public synchronized int duplicates() {
    return duplicates;
  }

  /** Requests answered with an error or not at all. */
  public synchronized int failedRequests() {
    return errors;
  }

  /** When requests for a key arrived (System.nanoTime), in order. */
  public synchronized List<Long> arrivals(String key) {
    return new ArrayList<>(attempts.getOrDefault(key, List.of()));
  }

  @Override
  public MockResponse peek() {
    return fault == Fault.RESET_DURING_REQUEST_BODY
        ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_REQUEST_BODY)
        : new MockResponse();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String key = request.getHeader(WebhookSignature.IDEMPOTENCY_HEADER);
    boolean announcement =
        key != null && key.endsWith(":" + Payload.RUNTIME + ":" + Payload.SYNCING);
    Fault now;
    synchronized (this) {
      now = oneShots.isEmpty() || announcement ? fault : oneShots.poll();
      attempts.computeIfAbsent(String.valueOf(key), k -> new ArrayList<>()).add(System.nanoTime());
    }
    switch (now) {
      case SERVER_ERRORS:
        return failed(
            new MockResponse().setResponseCode(errors % 2 == 0 ? 500 : 503).setBody("down"));
      case REJECT:
        return failed(new MockResponse().setResponseCode(422).setBody("{\"error\":\"refused\"}"));
      case TOO_MANY_REQUESTS:
        return failed(
            new MockResponse().setResponseCode(429).setHeader("Retry-After", retryAfterSeconds));
      case NO_RESPONSE:
        return failed(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      case RESET_DURING_REQUEST_BODY:
        return failed(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
      case STORE_THEN_RESET:
        store(key, request);
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
      case SLOW_ANSWER:
        return store(key, request).setHeadersDelay(slowAnswer.toMillis(), TimeUnit.MILLISECONDS);
      case SLOW_BODY:
        return store(key, request)
            .setBody("{\"ok\":true," + " ".repeat(200) + "}")
            .throttleBody(1, 1, TimeUnit.SECONDS);
      default:
        return store(key, request).setHeadersDelay(answerDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized MockResponse failed(MockResponse response) {
    errors++;
    return response;
  }

  private synchronized MockResponse store(String key, RecordedRequest request) {
    if (key == null) {
      return new MockResponse().setResponseCode(400).setBody("{\"error\":\"no Idempotency-Key\"}");
    }
    Map<String, String> into = key.endsWith(":" + Payload.SYNCING) ? announcements : stored;
    boolean duplicate = into.containsKey(key);
    if (duplicate) {
      duplicates++;
    } else {
      into.put(key, request.getBody().readUtf8());
    }
    return new MockResponse()
        .setHeader("Content-Type", "application/json")
        .setBody("{\"duplicate\":" + duplicate + "}");
  }

  @Override
  public void close() {
    stop();
  }
}
