package dev.syncmetrics.sample;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The catalog's entity API over HTTP: {@code GET} and {@code POST /api/blueprints/{bp}/entities},
 * {@code DELETE /api/blueprints/{bp}/entities/{id}}.
 *
 * <pre>{@code
 * EntityTarget catalog = new CatalogClient("http://127.0.0.1:8080", new OkHttpClient());
 * catalog.upsert("repository", List.of(entity));
 * }</pre>
 */
public final class CatalogClient implements EntityTarget {
  /** The most entities one list request returns (the catalog's own limit). */
  public static final int LIST_LIMIT = 10_000;

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpUrl base;
  private final OkHttpClient http;

  /**
   * @param baseUrl the catalog's base URL, such as {@code http://127.0.0.1:8080}
   * @param http the client to send with (its pool and timeouts); the caller closes it
   */
  public CatalogClient(String baseUrl, OkHttpClient http) {
    requireNonNull(baseUrl, "baseUrl must not be null");
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    this.base = url;
    this.http = requireNonNull(http, "http must not be null");
  }

  @Override
  public Map<String, JsonNode> list(String blueprint) throws IOException {
    HttpUrl url =
        entities(blueprint).addQueryParameter("limit", String.valueOf(LIST_LIMIT)).build();
    JsonNode body = send(new Request.Builder().url(url).get().build());
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode entity : body.path("entities")) {
      out.put(entity.path("identifier").asText(), entity);
    }
    if (out.size() >= LIST_LIMIT) {
      throw new IOException(
          "blueprint "
              + blueprint
              + " holds more than "
              + LIST_LIMIT
              + " entities; the sample cannot tell which to delete");
    }
    return out;
  }

  @Override
  public int upsert(String blueprint, List<ObjectNode> entities) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    entities.forEach(array::add);
    RequestBody body = RequestBody.create(JSON.writeValueAsBytes(array), JSON_TYPE);
    JsonNode answer =
        send(new Request.Builder().url(entities(blueprint).build()).post(body).build());
    JsonNode upserted = answer.path("upserted");
    if (!upserted.canConvertToInt()) {
      throw new IOException(
          "the catalog's answer to POST " + path(blueprint) + " has no 'upserted'");
    }
    return upserted.asInt();
  }

  @Override
  public boolean delete(String blueprint, String identifier) throws IOException {
    HttpUrl url = entities(blueprint).addPathSegment(identifier).build();
    try (Response response =
        http.newCall(new Request.Builder().url(url).delete().build()).execute()) {
      if (response.code() == 404) {
        return false;
      }
      check(response, "DELETE " + path(blueprint) + "/…");
      return true;
    }
  }

  private HttpUrl.Builder entities(String blueprint) {
    return base.newBuilder()
        .addPathSegment("api")
        .addPathSegment("blueprints")
        .addPathSegment(requireNonNull(blueprint, "blueprint must not be null"))
        .addPathSegment("entities");
  }

  private static String path(String blueprint) {
    return "/api/blueprints/" + blueprint + "/entities";
  }

  private JsonNode send(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      check(response, request.method() + " " + request.url().encodedPath());
      ResponseBody body = response.body();
      JsonNode json = body == null ? null : JSON.readTree(body.byteStream());
      if (json == null || !json.isObject()) {
        throw new IOException(
            "the catalog's answer to "
                + request.method()
                + " "
                + request.url().encodedPath()
                + " is not a JSON object");
      }
      return json;
    }
  }

  private void check(Response response, String what) throws IOException {
    if (response.isSuccessful()) {
      return;
    }
    String text = response.body() == null ? "" : response.body().string();
    String message =
        "catalog "
            + base.host()
            + ":"
            + base.port()
            + " answered "
            + what
            + " with "
            + response.code()
            + ": "
            + trim(errorOf(text));
    if (response.code() >= 400
        && response.code() < 500
        && response.code() != 408
        && response.code() != 429) {
      throw new RejectedException(message);
    }
    throw new IOException(message);
  }

  private static String errorOf(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.path("error").isTextual()) {
        return node.get("error").asText();
      }
    } catch (IOException notJson) {
      // show the text itself
    }
    return text;
  }

  private static String trim(String s) {
    String line = s.strip().replace('\n', ' ');
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
