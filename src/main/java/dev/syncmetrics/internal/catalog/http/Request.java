package dev.syncmetrics.internal.catalog.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as a handler sees it: method, the path parameters its route matched, query
 * parameters, headers, and the body read up to a limit.
 */
public final class Request {
  private final HttpExchange exchange;
  private final Map<String, String> pathParams;
  private final Map<String, String> query;

  Request(HttpExchange exchange, Map<String, String> pathParams) {
    this.exchange = exchange;
    this.pathParams = Map.copyOf(pathParams);
    this.query = PathCodec.query(exchange.getRequestURI().getRawQuery());
  }

  public String method() {
    return exchange.getRequestMethod();
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
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** Every header by lower-case name (first value), except those listed in {@code hidden}. */
  public Map<String, String> headers(List<String> hidden) {
    Map<String, String> out = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!values.isEmpty() && hidden.stream().noneMatch(lower::equalsIgnoreCase)) {
                out.put(lower, values.get(0));
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
          (type == null ? "no Content-Type" : "Content-Type " + media + " is not JSON")
              + "; send Content-Type: application/json");
    }
  }

  /**
   * Reads the whole body, refusing one over {@code maxBytes} without reading more than one byte
   * past the limit.
   *
   * @throws HttpError 413 when the body is larger than {@code maxBytes}
   */
  public byte[] body(long maxBytes) throws IOException {
    String declared = header("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBytes) {
          throw tooLarge(maxBytes);
        }
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length is not a number");
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    InputStream in = exchange.getRequestBody();
    long total = 0;
    int n;
    while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes + 1 - total))) > 0) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(maxBytes);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static HttpError tooLarge(long maxBytes) {
    return new HttpError(413, "request body larger than " + maxBytes + " bytes");
  }

  HttpExchange exchange() {
    return Objects.requireNonNull(exchange);
  }
}
