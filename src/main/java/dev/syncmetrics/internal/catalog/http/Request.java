package dev.syncmetrics.internal.catalog.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as a handler sees it: method, the path parameters its route matched, query
 * parameters, headers, and the body, already received in full (up to the server's limit) before the
 * handler runs, so a handler never waits for a slow client.
 *
 * <pre>{@code
 * Request r = Request.of("POST", "/webhook", null, Map.of("Content-Type", List.of("application/json")), body);
 * }</pre>
 */
public final class Request {
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Map<String, String> pathParams;
  private final Map<String, String> query;

  private Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      Map<String, String> pathParams) {
    this.method = Objects.requireNonNull(method, "method must not be null");
    this.rawPath = Objects.requireNonNull(rawPath, "rawPath must not be null");
    this.rawQuery = rawQuery;
    this.headers = headers;
    this.body = body;
    this.pathParams = Map.copyOf(pathParams);
    this.query = PathCodec.query(rawQuery);
  }

  /**
   * A request as received.
   *
   * @param rawPath the path as sent, still percent-encoded
   * @param rawQuery the query string as sent, or null
   * @param headers header values by name (any case)
   * @param body the whole body, or null when it was larger than the server's limit and not read
   * @throws HttpError 400 for a query string that is not well-formed UTF-8
   */
  public static Request of(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), Request::concat));
    return new Request(method, rawPath, rawQuery, copy, body, Map.of());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** This request with the parameters of the route that matched it. */
  Request withPathParams(Map<String, String> params) {
    return new Request(method, rawPath, rawQuery, headers, body, params);
  }

  public String method() {
    return method;
  }

  /** The path as sent, still percent-encoded. */
  public String rawPath() {
    return rawPath;
  }

  /** The value of {@code {name}} in the matched route, decoded. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no parameter " + name);
    }
    return value;
  }

  /** The value of {@code {name}} in the matched route, or null when the route has none. */
  public String pathParamOrNull(String name) {
    return pathParams.get(name);
  }

  /** The rest of the path matched by a route's {@code **}, decoded and joined with '/'. */
  public String rest() {
    return pathParams.getOrDefault("**", "");
  }

  public Map<String, String> query() {
    return query;
  }

  /** The first value of a header, or null. Names are case-insensitive. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** How many times a header was sent. */
  public int headerCount(String name) {
    List<String> values = headers.get(name);
    return values == null ? 0 : values.size();
  }

  /** Every header by lower-case name (first value), except those listed in {@code hidden}. */
  public Map<String, String> headers(List<String> hidden) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!values.isEmpty() && hidden.stream().noneMatch(lower::equalsIgnoreCase)) {
            out.putIfAbsent(lower, values.get(0));
          }
        });
    return out;
  }

  /** An integer query parameter between 1 and {@code max}, or {@code fallback} when absent. */
  public int intParam(String name, int fallback, int max) {
    String value = query.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw HttpError.badRequest(name + " must be a whole number from 1 to " + max);
  }

  /**
   * Requires a JSON content type ({@code application/json} or {@code application/<x>+json}).
   *
   * @throws HttpError 415 otherwise
   */
  public void requireJson() {
    String type = header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")
        && !(media.startsWith("application/") && media.endsWith("+json"))) {
      throw new HttpError(
          415,
          (type == null
                  ? "no Content-Type"
                  : "Content-Type " + PublicText.of(media) + " is not JSON")
              + "; send Content-Type: application/json");
    }
  }

  /**
   * The whole body.
   *
   * @throws HttpError 413 when the body is larger than {@code maxBytes} (or than the server's
   *     limit, in which case it was not read)
   */
  public byte[] body(long maxBytes) {
    if (body == null || body.length > maxBytes) {
      throw new HttpError(413, "request body larger than " + maxBytes + " bytes");
    }
    return body;
  }
}
