package dev.syncmetrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private CatalogClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = new CatalogClient(server.url("/").toString(), http);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void listReadsTheBlueprintsEntitiesByIdentifier() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"entities\":[{\"identifier\":\"a\",\"title\":\"A\"},"
                + "{\"identifier\":\"b\",\"title\":\"B\"}]}"));
    Map<String, JsonNode> held = client.list("merge_request");
    assertEquals(List.of("a", "b"), List.copyOf(held.keySet()));
    assertEquals("B", held.get("b").get("title").asText());
    RecordedRequest request = server.takeRequest();
    assertEquals("GET", request.getMethod());
    assertEquals("/api/blueprints/merge_request/entities?limit=10000", request.getPath());
  }

  @Test
  void upsertPostsTheBatchAsOneArrayAndReturnsWhatTheCatalogWrote() throws Exception {
    server.enqueue(json(200, "{\"upserted\":2,\"duplicate\":false}"));
    ObjectNode a = JSON.createObjectNode().put("identifier", "a");
    ObjectNode b = JSON.createObjectNode().put("identifier", "b");
    assertEquals(2, client.upsert("repository", List.of(a, b)));
    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/api/blueprints/repository/entities", request.getPath());
    assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
    JsonNode sent = JSON.readTree(request.getBody().readUtf8());
    assertEquals(2, sent.size());
    assertEquals("b", sent.get(1).get("identifier").asText());
  }

  @Test
  void deleteEncodesTheIdentifierAndTellsWhetherTheEntityWasThere() throws Exception {
    server.enqueue(json(200, "{\"deleted\":1}"));
    server.enqueue(json(404, "{\"error\":\"no entity\"}"));
    assertTrue(client.delete("issue", "repo-0001 #1/x"));
    assertFalse(client.delete("issue", "gone"));
    assertEquals(
        "/api/blueprints/issue/entities/repo-0001%20%231%2Fx", server.takeRequest().getPath());
  }

  @Test
  void aClientErrorIsARejectionCarryingTheCatalogsReason() {
    server.enqueue(json(400, "{\"error\":\"entity[0].properties.stars must be a number\"}"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                client.upsert(
                    "repository", List.of(JSON.createObjectNode().put("identifier", "x"))));
    assertInstanceOf(EntityTarget.RejectedException.class, e);
    assertTrue(
        e.getMessage().contains("400: entity[0].properties.stars must be a number"),
        e.getMessage());
  }

  @Test
  void aServerErrorIsATransportFailureNotARejection() {
    server.enqueue(json(503, "{\"error\":\"database unavailable\"}"));
    IOException e = assertThrows(IOException.class, () -> client.list("user"));
    assertFalse(e instanceof EntityTarget.RejectedException);
    assertTrue(e.getMessage().contains("503"), e.getMessage());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
