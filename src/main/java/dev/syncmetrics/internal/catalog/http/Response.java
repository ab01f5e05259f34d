package dev.syncmetrics.internal.catalog.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers: a status, a content type, the body bytes and any extra headers.
 *
 * <pre>{@code
 * return Response.json(200, node);
 * }</pre>
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=utf-8";

  public Response {
    Objects.requireNonNull(contentType, "contentType must not be null");
    Objects.requireNonNull(body, "body must not be null");
    headers = Map.copyOf(headers);
  }

  public static Response json(int status, JsonNode body) {
    return new Response(status, JSON, HttpJson.bytes(body), Map.of());
  }

  public static Response of(int status, String contentType, byte[] body) {
    return new Response(status, contentType, body, Map.of());
  }

  /** A copy with one more header. */
  public Response withHeader(String name, String value) {
    java.util.HashMap<String, String> copy = new java.util.HashMap<>(headers);
    copy.put(name, value);
    return new Response(status, contentType, body, copy);
  }
}
