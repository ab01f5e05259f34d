package dev.syncmetrics.internal.catalog.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router on the catalog's HTTP server: how failures are answered, and how it drains. */
class RouterTest {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  HttpServerHost server;
  Router router;

  void start(FailureMapper failures, Route... routes) throws IOException {
    router = new Router(List.of(routes), (route, method, status, seconds) -> {}, failures);
    server =
        HttpServerHost.start(
            "127.0.0.1", 0, router, new ServerLimits(4, 16, 1024, Duration.ofSeconds(30), 100));
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  HttpResponse<String> send(String path) throws Exception {
    return CLIENT.send(get(path), HttpResponse.BodyHandlers.ofString());
  }

  /** A handler that answers only when the test releases it. */
  Response slow(Request request) throws IOException {
    entered.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Response.json(200, HttpJson.object().put("slow", true));
  }

  @Test
  void anExceptionTheWiringKnowsIsAnsweredAsItSaysAndAnyOtherIs500() throws Exception {
    start(
        e -> e instanceof IllegalStateException ? new HttpError(503, "down; retry") : null,
        new Route(
            "GET",
            "/down",
            request -> {
              throw new IllegalStateException("connection refused");
            }),
        new Route(
            "GET",
            "/bug",
            request -> {
              throw new UnsupportedOperationException("a bug");
            }));

    HttpResponse<String> down = send("/down");
    HttpResponse<String> bug = send("/bug");

    assertEquals(503, down.statusCode());
    assertEquals("{\"error\":\"down; retry\"}", down.body());
    assertEquals(500, bug.statusCode());
    assertEquals("{\"error\":\"internal error\"}", bug.body());
  }

  @Test
  void drainRefusesNewRequestsAndWaitsForTheOneUnderWay() throws Exception {
    start(FailureMapper.NONE, new Route("GET", "/slow", this::slow));
    CompletableFuture<HttpResponse<String>> underWay =
        CLIENT.sendAsync(get("/slow"), HttpResponse.BodyHandlers.ofString());
    assertTrue(entered.await(30, TimeUnit.SECONDS), "the slow request reached its handler");

    assertFalse(router.drain(Duration.ZERO), "its deadline passed with a request under way");
    HttpResponse<String> refused = send("/slow");
    release.countDown();

    assertEquals(503, refused.statusCode());
    assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
    assertEquals("{\"error\":\"the catalog is shutting down; retry\"}", refused.body());
    assertTrue(router.drain(Duration.ofSeconds(30)), "woken when the last request ended");
    assertEquals(200, underWay.get(30, TimeUnit.SECONDS).statusCode());
  }
}
