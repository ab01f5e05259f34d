package dev.syncmetrics.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.IndependentHmac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A small HTTP client for catalog tests: JSON in, status and JSON out. */
final class TestHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;

  TestHttp(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** An answer: status, headers and body text. */
  record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Answer send(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  Answer postJson(String path, String json, String... headers) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Posts a body signed now with {@code secret} the way the reporter signs. */
  Answer postSigned(String path, String json, String secret) {
    return postSignedAt(path, json, secret, Instant.now().getEpochSecond());
  }

  Answer postSignedAt(String path, String json, String secret, long timestamp) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String signature =
        IndependentHmac.timestamped(secret.getBytes(StandardCharsets.UTF_8), timestamp, body);
    return send(
        "POST",
        path,
        "application/json",
        body,
        WebhookSignature.TIMESTAMP_HEADER,
        Long.toString(timestamp),
        WebhookSignature.SIGNATURE_HEADER,
        signature);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          CLIENT.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
