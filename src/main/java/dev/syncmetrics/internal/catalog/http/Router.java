package dev.syncmetrics.internal.catalog.http;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to the first route whose template and method fit: 404 when no template fits,
 * 405 with {@code Allow} when only the method is wrong. Whatever a handler throws becomes a JSON
 * error ({@link HttpError} as it says, other exceptions as the {@link FailureMapper} says, else
 * 500); nothing a client sends escapes this class. It knows no server: {@link HttpServerHost} hands
 * it whole requests on a worker thread.
 *
 * <pre>{@code
 * Router router = new Router(routes, metrics, FailureMapper.NONE);
 * Response answer = router.respond(request);
 * ...
 * router.drain(Duration.ofSeconds(5));   // 503 to new requests, waits for those under way
 * }</pre>
 */
public final class Router {
  /** Told about every answered request, for metrics. */
  public interface Observer {
    void observe(String route, String method, int status, double seconds);
  }

  /** The route label of requests no route matched. */
  public static final String UNMATCHED = "unmatched";

  private static final Logger logger = LoggerFactory.getLogger(Router.class);

  private final List<Route> routes;
  private final Observer observer;
  private final FailureMapper failures;
  private final InFlight inFlight = new InFlight();
  private volatile boolean draining;

  public Router(List<Route> routes, Observer observer, FailureMapper failures) {
    this.routes = List.copyOf(routes);
    this.observer = Objects.requireNonNull(observer, "observer must not be null");
    this.failures = Objects.requireNonNull(failures, "failures must not be null");
  }

  /**
   * Answers 503 to new requests from now on and waits until the requests under way are answered or
   * {@code timeout} has passed; true when none is left.
   */
  public boolean drain(Duration timeout) {
    draining = true;
    try {
      return inFlight.awaitNone(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True once {@link #drain} was called. */
  public boolean draining() {
    return draining;
  }

  Observer observer() {
    return observer;
  }

  /** The answer to one request; never throws. */
  public Response respond(Request request) {
    long start = System.nanoTime();
    String[] template = {UNMATCHED};
    int status = 500;
    inFlight.begin();
    try {
      Response response =
          draining
              ? Response.json(503, HttpJson.error("the catalog is shutting down; retry"))
                  .withHeader("Connection", "close")
                  .withHeader("Retry-After", "1")
              : route(request, template);
      status = response.status();
      return response;
    } finally {
      inFlight.end();
      observer.observe(template[0], request.method(), status, (System.nanoTime() - start) / 1e9);
    }
  }

  private Response route(Request request, String[] template) {
    String method = request.method();
    try {
      List<String> segments = PathCodec.segments(request.rawPath());
      Set<String> allowed = new LinkedHashSet<>();
      for (Route route : routes) {
        Map<String, String> params = route.match(segments);
        if (params == null) {
          continue;
        }
        if (route.method().equals(method)) {
          template[0] = route.template();
          return route.handler().handle(request.withPathParams(params));
        }
        allowed.add(route.method());
      }
      if (!allowed.isEmpty()) {
        throw new HttpError(
            405,
            PublicText.of(method) + " is not allowed here; use " + String.join(", ", allowed),
            Map.of("Allow", String.join(", ", allowed)));
      }
      throw HttpError.notFound("no such route: " + method + " " + request.rawPath());
    } catch (HttpError e) {
      return refusal(e);
    } catch (IOException e) {
      logger.debug("could not read the request on {}: {}", template[0], e.toString());
      return Response.json(400, HttpJson.error("the request could not be read"));
    } catch (RuntimeException e) {
      HttpError mapped = failures.answer(e);
      if (mapped == null) {
        logger.error("unexpected error on {} {}", method, template[0], e);
        return Response.json(500, HttpJson.error("internal error"));
      }
      logger.warn("{} {} answered {}: {}", method, template[0], mapped.status(), e.getMessage());
      return refusal(mapped);
    } catch (Throwable e) { // NOPMD: one bad request must never take the server down
      logger.error("unexpected error on {} {}", method, template[0], e);
      return Response.json(500, HttpJson.error("internal error"));
    }
  }

  /** The JSON answer to a refusal, its message made fit to show ({@link PublicText}). */
  static Response refusal(HttpError e) {
    Response r = Response.json(e.status(), HttpJson.error(PublicText.of(e.getMessage())));
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      r = r.withHeader(h.getKey(), h.getValue());
    }
    return r;
  }
}
