package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read token and the host checks (DNS rebinding), through the public builder. */
class CatalogAccessTest {
  static final String READ = "read-token-5d1e";
  static final String WRITE = "write-token-77ac";
  static final String ENTITIES = "/api/blueprints/integration/entities";

  @TempDir Path dir;

  CatalogServer.Builder builder() {
    return CatalogServer.builder()
        .port(0)
        .mappingsDir(CatalogTestMappings.DIR)
        .database(dir.resolve("catalog.db").toString());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static byte[] entity(String id) {
    return ("{\"identifier\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aReadTokenGuardsEveryReadButTheHealthCheckAndTheDashboardsFiles() throws Exception {
    try (CatalogServer catalog = builder().readToken(READ).apiToken(WRITE).build().start()) {
      TestHttp http = new TestHttp(catalog.url());

      for (String path :
          List.of("/api/blueprints", ENTITIES, ENTITIES + "/x/history", "/metrics", "/")) {
        TestHttp.Answer refused = http.get(path);
        assertEquals(401, refused.status(), path);
        assertTrue(refused.header("WWW-Authenticate").startsWith("Basic realm="), path);
        assertTrue(refused.json().get("error").asText().contains("needs a token"), path);
        assertFalse(refused.body().contains(READ));
      }
      assertEquals(200, http.get("/healthz").status());
      assertEquals(200, http.get("/assets/dashboard.js").status());
      assertEquals(
          200,
          http.send("GET", "/api/blueprints", null, new byte[0], "Authorization", "Bearer " + READ)
              .status());
      assertEquals(
          200,
          http.send("GET", "/metrics", null, new byte[0], "Authorization", basic("me", READ))
              .status(),
          "a browser's Basic prompt, the token as password");
      assertEquals(
          200,
          http.send("GET", ENTITIES, null, new byte[0], "Authorization", "Bearer " + WRITE)
              .status(),
          "the API token reads too");
      assertEquals(
          401,
          http.send("GET", ENTITIES, null, new byte[0], "Authorization", "Bearer " + READ + "x")
              .status());
      assertEquals(
          401,
          http.send(
                  "POST",
                  ENTITIES,
                  "application/json",
                  entity("a"),
                  "Authorization",
                  "Bearer " + READ)
              .status(),
          "the read token does not write when there is an API token");
    }
  }

  @Test
  void withOnlyAReadTokenWritesNeedItToo() throws Exception {
    try (CatalogServer catalog = builder().readToken(READ).build().start()) {
      TestHttp http = new TestHttp(catalog.url());

      assertEquals(401, http.send("POST", ENTITIES, "application/json", entity("a")).status());
      assertEquals(
          200,
          http.send(
                  "POST",
                  ENTITIES,
                  "application/json",
                  entity("a"),
                  "Authorization",
                  "Bearer " + READ)
              .status());
    }
  }

  @Test
  void allowedHostsRefuseOtherHostHeadersAndBrowserWritesFromElsewhere() throws Exception {
    try (CatalogServer catalog =
        builder().allowedHosts(List.of("catalog.example.com")).build().start()) {
      int port = catalog.port();

      RawHttp.Answer rebound =
          RawHttp.exchange(port, request("GET", ENTITIES, null, "evil.example:" + port));
      RawHttp.Answer named =
          RawHttp.exchange(port, request("GET", ENTITIES, null, "catalog.example.com"));
      RawHttp.Answer local =
          RawHttp.exchange(port, request("GET", ENTITIES, null, "localhost:" + port));
      RawHttp.Answer health =
          RawHttp.exchange(port, request("GET", "/healthz", null, "evil.example"));
      RawHttp.Answer page =
          RawHttp.exchange(
              port,
              request(
                  "POST",
                  ENTITIES,
                  entity("b"),
                  "catalog.example.com",
                  "Content-Type",
                  "application/json",
                  "Origin",
                  "http://evil.example"));
      RawHttp.Answer own =
          RawHttp.exchange(
              port,
              request(
                  "POST",
                  ENTITIES,
                  entity("c"),
                  "catalog.example.com",
                  "Content-Type",
                  "application/json",
                  "Origin",
                  "https://catalog.example.com"));

      assertEquals(403, rebound.status(), rebound.body());
      assertTrue(rebound.body().contains("does not answer to Host"), rebound.body());
      assertEquals(200, named.status(), named.body());
      assertEquals(200, local.status(), local.body());
      assertEquals(200, health.status(), "load balancers probe by address");
      assertEquals(403, page.status(), page.body());
      assertEquals(200, own.status(), own.body());
    }
  }

  @Test
  void theTokensNeverReachTheLog() throws Exception {
    try (LogCapture log = new LogCapture();
        CatalogServer catalog = builder().readToken(READ).apiToken(WRITE).build().start()) {
      TestHttp http = new TestHttp(catalog.url());
      http.send("GET", ENTITIES, null, new byte[0], "Authorization", "Bearer wrong-" + READ);
      http.send(
          "POST",
          ENTITIES,
          "application/json",
          entity("a"),
          "Authorization",
          basic("u", WRITE + "x"));

      assertFalse(log.all().contains(READ), log.all());
      assertFalse(log.all().contains(WRITE), log.all());
    }
  }

  /** A request with its own Host header (RawHttp's usual one would be 127.0.0.1). */
  static byte[] request(String method, String target, byte[] body, String host, String... headers) {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\nConnection: close\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    return CatalogHostileInputTest.concat(
        CatalogHostileInputTest.bytes(head.toString()), body == null ? new byte[0] : body);
  }
}
