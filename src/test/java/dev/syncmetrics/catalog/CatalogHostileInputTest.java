package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.testing.CatalogTestMappings;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.SamplePayloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input battery: malformed and extreme JSON, bytes that are not UTF-8, framing errors,
 * signatures, methods, path traversal and protocol-level garbage, each sent over a raw socket to
 * one running catalog. Every case must get its documented status (docs/catalog.md, "Hostile input")
 * with a JSON body that names the problem and carries no class name, file path or secret; no case
 * may get a 500, and after each the catalog must still answer {@code /healthz} with 200.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogHostileInputTest {
  static final String SECRET = "battery-webhook-secret-93";
  static final String TOKEN = "battery-api-token-41";
  static final int LIMIT = 8192;
  static final ObjectMapper JSON = new ObjectMapper();

  /** One hostile input: the bytes sent and the answer it must get. */
  record Case(String group, String name, byte[] request, int status, String says) {}

  Path dir;
  CatalogServer server;
  int port;
  final List<Case> cases = new ArrayList<>();
  final Map<String, Integer> perGroup = new TreeMap<>();

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("hostile");
    server =
        CatalogServer.builder()
            .port(0)
            .mappingsDir(CatalogTestMappings.DIR)
            .database(dir.resolve("catalog.db").toString())
            .webhookSecret(SECRET)
            .apiToken(TOKEN)
            .maxBodyBytes(LIMIT)
            .requestTimeout(Duration.ofSeconds(2))
            .build()
            .start();
    port = server.port();
  }

  @AfterAll
  void stop() throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyHostileInputGetsItsDocumentedStatusAsJsonAndTheCatalogStaysHealthy() {
    malformedJson();
    extremeJson();
    notUtf8();
    contentTypes();
    signatures();
    methods();
    traversal();
    framing();
    protocol();
    entityApi();
    browsers();
    cases.forEach(c -> perGroup.merge(c.group(), 1, Integer::sum));
    assertTrue(cases.size() >= 156, "the battery has " + cases.size() + " cases: " + perGroup);
    return cases.stream().map(c -> dynamicTest(c.group() + ": " + c.name(), () -> check(c)));
  }

  void check(Case c) throws IOException {
    RawHttp.Answer answer = RawHttp.exchange(port, c.request());
    String shown = c.name() + "\n" + answer.raw() + answer.body();
    assertEquals(c.status(), answer.status(), shown);
    assertNotNull(answer.header("Content-Type"), shown);
    assertTrue(answer.header("Content-Type").startsWith("application/json"), shown);
    JsonNode json = JSON.readTree(answer.body());
    if (c.status() >= 400) {
      String error = json.path("error").asText("");
      assertFalse(error.isBlank(), shown);
      assertTrue(error.contains(c.says()), "'" + error + "' should say '" + c.says() + "'");
    } else {
      assertTrue(answer.body().contains(c.says()), shown);
    }
    for (String leak :
        List.of(
            "Exception",
            "java.",
            "com.fasterxml",
            "org.eclipse",
            "StreamReadConstraints",
            "/tmp/",
            "/work/",
            "/root/",
            dir.toString(),
            "<html",
            SECRET,
            TOKEN)) {
      assertFalse(answer.body().contains(leak), "answer shows '" + leak + "': " + shown);
    }
    RawHttp.Answer health = RawHttp.exchange(port, get("/healthz"));
    assertEquals(200, health.status(), "unhealthy after " + shown + "\n" + health.body());
  }

  // ---- building requests ----

  void add(String group, String name, byte[] request, int status, String says) {
    cases.add(new Case(group, name, request, status, says));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * A request with {@code Host} and {@code Connection: close}, and a Content-Length when a body.
   */
  static byte[] request(String method, String target, byte[] body, String... headers) {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    return concat(bytes(head.toString()), body == null ? new byte[0] : body);
  }

  static byte[] get(String target) {
    return request("GET", target, null);
  }

  static String[] signed(byte[] body) {
    long now = Instant.now().getEpochSecond();
    return new String[] {
      "Content-Type",
      "application/json",
      WebhookSignature.TIMESTAMP_HEADER,
      Long.toString(now),
      WebhookSignature.SIGNATURE_HEADER,
      IndependentHmac.timestamped(utf8(SECRET), now, body)
    };
  }

  /** A webhook signed now with the right secret. */
  static byte[] webhook(byte[] body) {
    return request("POST", "/webhook", body, signed(body));
  }

  static byte[] webhook(String body) {
    return webhook(utf8(body));
  }

  static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A kind's payload of a new run each time, so that no case is a duplicate of another. */
  static String payload() {
    return SamplePayloads.kind(
            "run-" + RUNS.incrementAndGet(), "github", "battery", "repository", 0)
        .counts(5, 4, 3)
        .duration(8.25)
        .json();
  }

  /** The sample payload with one JSON value text replaced. */
  static String payloadWith(String from, String to) {
    String p = payload();
    assertTrue(p.contains(from), from);
    return p.replace(from, to);
  }

  static byte[] api(String body, String... headers) {
    List<String> h = new ArrayList<>(List.of("Content-Type", "application/json"));
    h.addAll(List.of("Authorization", "Bearer " + TOKEN));
    h.addAll(List.of(headers));
    return request(
        "POST", "/api/blueprints/integration/entities", utf8(body), h.toArray(new String[0]));
  }

  // ---- the cases ----

  void malformedJson() {
    String g = "malformed JSON";
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("an open brace", "{");
    bodies.put("a close brace", "}");
    bodies.put("a missing value", "{\"a\":}");
    bodies.put("a missing colon", "{\"a\" 1}");
    bodies.put("a trailing comma in an object", "{\"a\":1,}");
    bodies.put("a trailing comma in an array", "[1,2,]");
    bodies.put("single quotes", "{'a':1}");
    bodies.put("an unquoted key", "{a:1}");
    bodies.put("a line comment", "{\"a\":1} // c");
    bodies.put("a block comment", "/* c */ {}");
    bodies.put("NaN", "{\"a\":NaN}");
    bodies.put("Infinity", "{\"a\":Infinity}");
    bodies.put("-Infinity", "{\"a\":-Infinity}");
    bodies.put("a leading zero", "{\"a\":01}");
    bodies.put("a plus sign", "{\"a\":+1}");
    bodies.put("a bare fraction", "{\"a\":.5}");
    bodies.put("a dot without digits", "{\"a\":1.}");
    bodies.put("a hex number", "{\"a\":0x10}");
    bodies.put("a raw newline in a string", "{\"a\":\"x\ny\"}");
    bodies.put("a raw tab in a string", "{\"a\":\"x\ty\"}");
    bodies.put("an unknown escape", "{\"a\":\"\\x41\"}");
    bodies.put("a short unicode escape", "{\"a\":\"\\u12\"}");
    bodies.put("a misspelt true", "{\"a\":tru}");
    bodies.put("a misspelt null", "{\"a\":nul}");
    bodies.put("an unterminated string", "\"unterminated");
    bodies.put("an unclosed array", "{\"a\":[1,2}");
    bodies.put("an extra close", "{\"a\":1}}");
    bodies.put("two documents", "{} {}");
    for (Map.Entry<String, String> b : bodies.entrySet()) {
      add(g, b.getKey(), webhook(b.getValue()), 400, "malformed JSON at line 1");
    }
    add(
        g,
        "nesting 2000 deep (arrays)",
        webhook("[".repeat(2000) + "]".repeat(2000)),
        400,
        "nesting depth (1001) exceeds the maximum allowed (1000)");
    add(
        g,
        "nesting 1200 deep (objects)",
        webhook("{\"a\":".repeat(1200) + "1" + "}".repeat(1200)),
        400,
        "nesting depth");
    add(g, "an empty body", webhook(""), 400, "empty");
    add(g, "only whitespace", webhook("  \r\n\t "), 400, "empty");
    add(g, "a duplicate key", webhook("{\"a\":1,\"a\":2}"), 400, "Duplicate field 'a'");
    add(g, "a number of 1001 digits", webhook("{\"a\":" + "9".repeat(1001) + "}"), 400, "length");
  }

  void extremeJson() {
    String g = "extreme JSON";
    String duration = "\"duration_seconds\":8.25";
    add(
        g,
        "duration 1e999",
        webhook(payloadWith(duration, "\"duration_seconds\":1e999")),
        400,
        "metrics.phase.resync.duration_seconds is out of range");
    add(
        g,
        "duration -1e999",
        webhook(payloadWith(duration, "\"duration_seconds\":-1e999")),
        400,
        "out of range");
    add(
        g,
        "duration 1.8e308",
        webhook(payloadWith(duration, "\"duration_seconds\":1.8e308")),
        400,
        "out of range");
    add(
        g,
        "an integer of 400 digits",
        webhook(payloadWith("\"object_count\":5", "\"object_count\":1" + "0".repeat(400))),
        400,
        "metrics.phase.extract.object_count is out of range");
    add(
        g,
        "a number out of range in an array",
        webhook("{\"a\":[1,2,{\"b c\":[3e400]}]}"),
        400,
        "a[2][\"b c\"][0] is out of range");
    add(
        g,
        "duration 1e-999 (zero)",
        webhook(payloadWith(duration, "\"duration_seconds\":1e-999")),
        200,
        "\"upserted\":2");
    add(
        g,
        "the largest double",
        webhook(payloadWith(duration, "\"duration_seconds\":1.7976931348623157e308")),
        200,
        "\"upserted\":2");
    add(
        g,
        "negative zero",
        webhook(payloadWith(duration, "\"duration_seconds\":-0")),
        200,
        "\"upserted\":2");
    add(
        g,
        "a count of 1e308",
        webhook(payloadWith("\"object_count\":5", "\"object_count\":1e308")),
        200,
        "\"upserted\":2");
    add(
        g,
        "a 30-digit integer",
        webhook(
            payloadWith("\"object_count\":5", "\"object_count\":123456789012345678901234567890")),
        200,
        "\"upserted\":2");
    add(
        g,
        "a negative count",
        webhook(payloadWith("\"object_count\":5", "\"object_count\":-5")),
        200,
        "\"upserted\":2");
    add(
        g,
        "a NUL escape in a value",
        webhook(payloadWith("\"kind\":\"repository\"", "\"kind\":\"repo\\u0000sitory\"")),
        400,
        "the string at kind contains a NUL character");
    add(
        g,
        "a NUL escape in a key",
        webhook("{\"a\\u0000b\":1}"),
        400,
        "key at [\"a\\u0000b\"] contains a NUL");
    add(g, "a lone high surrogate", webhook("{\"a\":\"x\\ud800\"}"), 400, "unpaired surrogate");
    add(g, "a lone low surrogate", webhook("{\"a\":\"\\udc00\"}"), 400, "unpaired surrogate");
    add(g, "reversed surrogates", webhook("{\"a\":\"\\udc00\\ud800\"}"), 400, "unpaired surrogate");
    add(
        g,
        "a paired surrogate escape",
        webhook("{\"a\":\"\\ud83d\\ude00\"}"),
        200,
        "\"upserted\":0");
    String longId = "k".repeat(2000);
    add(
        g,
        "an identifier of 2000 characters (mapping error, not stored)",
        webhook(
            payloadWith(
                "\"kind_identifier\":\"repository-0\"", "\"kind_identifier\":\"" + longId + "\"")),
        200,
        "the identifier is 2000 characters long; the catalog's limit is 1000");
    add(
        g,
        "an empty identifier",
        webhook(payloadWith("\"kind_identifier\":\"repository-0\"", "\"kind_identifier\":\"\"")),
        200,
        "\"errors\":[{");
    add(
        g,
        "an emoji identifier",
        webhook(
            payloadWith(
                "\"kind_identifier\":\"repository-0\"",
                "\"kind_identifier\":\"repo-\\ud83d\\ude00\"")),
        200,
        "\"upserted\":2");
    add(
        g,
        "a right-to-left override",
        webhook(payloadWith("\"kind\":\"repository\"", "\"kind\":\"repo\\u202Etxt.exe\"")),
        200,
        "\"upserted\":2");
    add(
        g,
        "markup in a value",
        webhook(
            payloadWith("\"kind\":\"repository\"", "\"kind\":\"<img src=x onerror=alert(1)>\"")),
        200,
        "\"upserted\":2");
    add(
        g,
        "a 6000-character value",
        webhook(payloadWith("\"kind\":\"repository\"", "\"kind\":\"" + "v".repeat(6000) + "\"")),
        200,
        "\"upserted\":2");
    add(g, "an array body", webhook("[1,2]"), 200, "\"upserted\":0");
    add(g, "a string body", webhook("\"text\""), 200, "\"upserted\":0");
    add(g, "a number body", webhook("42"), 200, "\"upserted\":0");
    add(g, "a null body", webhook("null"), 200, "\"upserted\":0");
    add(g, "a boolean body", webhook("true"), 200, "\"upserted\":0");
    add(
        g,
        "metrics of the wrong type",
        webhook("{\"kind_identifier\":\"x-1\",\"metrics\":\"no\"}"),
        200,
        "\"errors\"");
    add(
        g,
        "a body over the limit",
        webhook("{\"pad\":\"" + "x".repeat(LIMIT) + "\"}"),
        413,
        "larger than " + LIMIT);
    add(
        g,
        "a declared length over the limit, body never sent",
        bytes(
            "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000000\r\n\r\n"),
        413,
        "larger than " + LIMIT);
    String chunk = "{\"pad\":\"" + "x".repeat(LIMIT) + "\"}";
    add(
        g,
        "a chunked body over the limit",
        bytes(
            "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(chunk.length())
                + "\r\n"
                + chunk
                + "\r\n0\r\n\r\n"),
        413,
        "larger than " + LIMIT);
  }

  void notUtf8() {
    String g = "not UTF-8";
    Map<String, String> hex = new LinkedHashMap<>();
    hex.put("overlong '/' (C0 AF)", "C0AF");
    hex.put("overlong 3-byte (E0 80 AF)", "E080AF");
    hex.put("overlong 4-byte (F0 80 80 AF)", "F08080AF");
    hex.put("an encoded surrogate (ED A0 80)", "EDA080");
    hex.put("a stray FF", "FF");
    hex.put("a lone continuation byte", "80");
    hex.put("beyond U+10FFFF (F4 90 80 80)", "F4908080");
    hex.put("Latin-1 e-acute (E9)", "E9");
    hex.put("a truncated sequence mid-string", "E282");
    for (Map.Entry<String, String> h : hex.entrySet()) {
      byte[] body = concat(utf8("{\"a\":\"x"), HexFormat.of().parseHex(h.getValue()), utf8("y\"}"));
      add(g, h.getKey(), webhook(body), 400, "not valid UTF-8 at offset 7");
    }
    add(
        g,
        "a body ending mid-character",
        webhook(concat(utf8("{}  "), new byte[] {(byte) 0xC3})),
        400,
        "ends inside a character");
    add(
        g,
        "UTF-16LE with a BOM",
        webhook(
            concat(
                new byte[] {(byte) 0xFF, (byte) 0xFE}, "{}".getBytes(StandardCharsets.UTF_16LE))),
        400,
        "not valid UTF-8");
    add(
        g,
        "UTF-16BE",
        webhook("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE)),
        400,
        "NUL byte at offset 0");
    add(
        g,
        "a raw NUL byte in a string",
        webhook(concat(utf8("{\"a\":\"x"), new byte[] {0}, utf8("\"}"))),
        400,
        "NUL byte at offset 7");
    add(
        g,
        "a UTF-8 byte order mark",
        webhook(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(payload()))),
        200,
        "\"upserted\":2");
  }

  void contentTypes() {
    String g = "content type";
    byte[] body = utf8(payload());
    for (String type :
        List.of(
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "text/json",
            "application/json-patch")) {
      String[] h = signed(body);
      h[1] = type;
      add(g, type, request("POST", "/webhook", body, h), 415, "is not JSON");
    }
    String[] none = signed(body);
    add(
        g,
        "no Content-Type",
        request("POST", "/webhook", body, java.util.Arrays.copyOfRange(none, 2, 6)),
        415,
        "no Content-Type");
    for (String type : List.of("APPLICATION/JSON", "application/vnd.acme+json; charset=utf-8")) {
      byte[] fresh = utf8(payload());
      String[] h = signed(fresh);
      h[1] = type;
      add(g, type, request("POST", "/webhook", fresh, h), 200, "\"upserted\":2");
    }
  }

  void signatures() {
    String g = "signatures";
    byte[] body = utf8(payload());
    long now = Instant.now().getEpochSecond();
    String good = IndependentHmac.timestamped(utf8(SECRET), now, body);
    String ts = WebhookSignature.TIMESTAMP_HEADER;
    String sig = WebhookSignature.SIGNATURE_HEADER;
    String json = "application/json";
    add(
        g,
        "no signature",
        request("POST", "/webhook", body, "Content-Type", json),
        401,
        "missing X-Syncmetrics-Signature");
    add(
        g,
        "no timestamp",
        request("POST", "/webhook", body, "Content-Type", json, sig, good),
        401,
        "X-Syncmetrics-Timestamp");
    add(
        g,
        "a timestamp that is a word",
        request("POST", "/webhook", body, "Content-Type", json, ts, "now", sig, good),
        401,
        "not a number");
    add(
        g,
        "a fractional timestamp",
        request("POST", "/webhook", body, "Content-Type", json, ts, now + ".5", sig, good),
        401,
        "not a number");
    add(
        g,
        "a negative timestamp",
        request("POST", "/webhook", body, "Content-Type", json, ts, "-" + now, sig, good),
        401,
        "");
    add(
        g,
        "a timestamp ten minutes old",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now - 600),
            sig,
            IndependentHmac.timestamped(utf8(SECRET), now - 600, body)),
        401,
        "more than 5 minutes");
    add(
        g,
        "a timestamp a day ahead",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now + 86400),
            sig,
            IndependentHmac.timestamped(utf8(SECRET), now + 86400, body)),
        401,
        "more than 5 minutes");
    add(
        g,
        "a timestamp of 30 digits",
        request("POST", "/webhook", body, "Content-Type", json, ts, "9".repeat(30), sig, good),
        401,
        "");
    add(
        g,
        "another secret",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            IndependentHmac.timestamped(utf8("other"), now, body)),
        401,
        "does not match");
    add(
        g,
        "no prefix",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            good.substring(7)),
        401,
        "must start with 'sha256='");
    add(
        g,
        "a sha1 prefix",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            "sha1=" + good.substring(7)),
        401,
        "must start with");
    add(
        g,
        "a truncated signature",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            good.substring(0, 40)),
        401,
        "does not match");
    add(
        g,
        "a signature of non-hex characters",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            "sha256=" + "zz".repeat(32)),
        401,
        "does not match");
    add(
        g,
        "an empty signature",
        request("POST", "/webhook", body, "Content-Type", json, ts, Long.toString(now), sig, ""),
        401,
        "missing");
    add(
        g,
        "a signature of 4000 characters",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            "sha256=" + "a".repeat(4000)),
        401,
        "does not match");
    byte[] changed = utf8(payload().replace("\"object_count\":5", "\"object_count\":6"));
    add(
        g,
        "a body changed after signing",
        request(
            "POST", "/webhook", changed, "Content-Type", json, ts, Long.toString(now), sig, good),
        401,
        "does not match");
    add(
        g,
        "a timestamp other than the signed one",
        request(
            "POST", "/webhook", body, "Content-Type", json, ts, Long.toString(now - 1), sig, good),
        401,
        "does not match");
    add(
        g,
        "signed with a trailing newline the body lacks",
        request(
            "POST",
            "/webhook",
            body,
            "Content-Type",
            json,
            ts,
            Long.toString(now),
            sig,
            IndependentHmac.timestamped(utf8(SECRET), now, concat(body, utf8("\n")))),
        401,
        "does not match");
  }

  void methods() {
    String g = "methods";
    byte[] body = utf8(payload());
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO", "post")) {
      add(
          g,
          method + " /webhook",
          request(method, "/webhook", method.equals("GET") ? null : body, signed(body)),
          405,
          "use POST");
    }
    add(g, "a method of 200 letters", request("X".repeat(200), "/webhook", null), 405, "use POST");
    add(
        g,
        "PUT on the entities",
        request(
            "PUT",
            "/api/blueprints/integration/entities",
            utf8("{}"),
            "Content-Type",
            "application/json"),
        405,
        "use GET, POST");
    add(
        g,
        "POST /api/blueprints",
        request("POST", "/api/blueprints", utf8("{}"), "Content-Type", "application/json"),
        405,
        "use GET");
    add(g, "POST /healthz", request("POST", "/healthz", utf8("{}")), 405, "use GET");
    add(g, "DELETE /metrics", request("DELETE", "/metrics", null), 405, "use GET");
    add(g, "POST /", request("POST", "/", utf8("{}")), 405, "use GET");
    add(g, "GET /webhook/kind-metrics", get("/webhook/kind-metrics"), 405, "use POST");
    add(
        g,
        "POST to a webhook name that does not exist",
        request("POST", "/webhook/nope", body, signed(body)),
        404,
        "no webhook named 'nope'");
  }

  void traversal() {
    String g = "traversal";
    Map<String, String> notFound = new LinkedHashMap<>();
    String unparsable = "cannot be parsed";
    add(g, "dot-dot above the root", get("/assets/../../etc/passwd"), 400, unparsable);
    add(
        g,
        "encoded dot-dot above the root",
        get("/assets/%2e%2e/%2e%2e/etc/passwd"),
        400,
        unparsable);
    add(
        g,
        "into the classes",
        get("/assets/../../dev/syncmetrics/internal/cli/Main.class"),
        400,
        unparsable);
    add(
        g,
        "the manifest through a webjar",
        get("/webjars/chart.js/../../../META-INF/MANIFEST.MF"),
        400,
        unparsable);
    notFound.put("encoded slash", "/assets/..%2f..%2fetc%2fpasswd");
    notFound.put("double-encoded", "/assets/%252e%252e/%252e%252e/etc/passwd");
    notFound.put("backslashes", "/assets/..\\..\\etc\\passwd");
    notFound.put("encoded backslashes", "/assets/..%5c..%5cetc%5cpasswd");
    notFound.put("a class file", "/assets/Main.class");
    notFound.put("webjars into the dashboard", "/webjars/../catalog/index.html");
    notFound.put("an empty segment", "/assets//etc/passwd");
    notFound.put("the folder itself", "/assets/");
    notFound.put("a dot", "/assets/.");
    notFound.put("a file then dot-dot", "/assets/dashboard.js/..");
    notFound.put("a double slash root", "//etc/passwd");
    notFound.put("an unknown route", "/nope");
    notFound.put("a path of 6000 characters", "/" + "a".repeat(6000));
    for (Map.Entry<String, String> p : notFound.entrySet()) {
      add(g, p.getKey(), get(p.getValue()), 404, "no such");
    }
    add(
        g,
        "a blueprint named dot-dot",
        get("/api/blueprints/%2e%2e/entities"),
        404,
        "no blueprint '..'");
    add(
        g,
        "an identifier climbing out",
        get("/api/blueprints/integration/entities/..%2F..%2Fhealthz"),
        404,
        "no entity '../../healthz'");
    add(g, "a NUL before an extension", get("/assets/dashboard.js%00.png"), 400, unparsable);
    add(
        g,
        "a NUL in an identifier",
        get("/api/blueprints/integration/entities/a%00b"),
        400,
        unparsable);
    add(g, "a NUL in the query", get("/api/blueprints/integration/entities?limit=%00"), 400, "NUL");
    add(g, "a bad escape", get("/assets/%zz"), 400, unparsable);
    add(g, "a cut escape", get("/assets/a%2"), 400, unparsable);
    add(
        g,
        "a bad escape in the query",
        get("/api/blueprints?x=%zz"),
        400,
        "malformed percent escape");
    add(g, "overlong dots", get("/assets/%c0%ae%c0%ae/x"), 400, "not valid UTF-8");
    add(
        g,
        "an identifier not UTF-8",
        get("/api/blueprints/integration/entities/%C3%28"),
        400,
        "not valid UTF-8");
    add(
        g,
        "an absolute URL naming another host",
        get("http://evil.example/healthz"),
        400,
        "Authority!=Host");
    add(g, "an absolute URL naming this host", get("http://127.0.0.1/healthz"), 200, "ok");
  }

  void framing() {
    String g = "framing";
    String post = "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    add(
        g,
        "Content-Length not a number",
        bytes(post + "Content-Length: abc\r\n\r\n{}"),
        400,
        "Content-Length");
    add(
        g,
        "Content-Length negative",
        bytes(post + "Content-Length: -1\r\n\r\n{}"),
        400,
        "Content-Length");
    add(
        g,
        "Content-Length beyond 64 bits",
        bytes(post + "Content-Length: 99999999999999999999\r\n\r\n{}"),
        400,
        "cannot be parsed");
    add(
        g,
        "two different Content-Lengths",
        bytes(post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        400,
        "Content-Length");
    add(
        g,
        "Content-Length with chunked",
        bytes(post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "Transfer-Encoding gzip",
        bytes(post + "Transfer-Encoding: gzip\r\n\r\n{}"),
        400,
        "malformed");
    add(
        g,
        "Transfer-Encoding identity",
        bytes(post + "Transfer-Encoding: identity\r\n\r\n{}"),
        400,
        "malformed");
    add(
        g,
        "a chunk size that is not hex",
        bytes(post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a chunk size of 20 hex digits",
        bytes(post + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a body shorter than its length (408 after the timeout)",
        bytes(post + "Content-Length: 100\r\n\r\n{\"a\":"),
        408,
        "did not arrive within 2 s");
    add(
        g,
        "a chunked body never finished (408)",
        bytes(post + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"),
        408,
        "did not arrive");
    add(
        g,
        "no Host in HTTP/1.1",
        bytes("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
        400,
        "Host");
    add(
        g,
        "two Host headers",
        bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
        400,
        "Host");
    add(
        g,
        "a header without a colon",
        bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nBroken header\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a space before the colon",
        bytes("GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a folded header line",
        bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a header of 20 KB",
        request("GET", "/healthz", null, "X-Big", "b".repeat(20_000)),
        431,
        "malformed");
    StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < 2000; i++) {
      many.append("X-").append(i).append(": v\r\n");
    }
    add(g, "2000 headers", bytes(many + "\r\n"), 431, "malformed");
    add(g, "a URI of 20 KB", get("/" + "a".repeat(20_000)), 414, "malformed");
    add(
        g,
        "a NUL in a header value",
        bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a control character in a header value",
        bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a NUL in a header name",
        bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nX-\0A: b\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "Expect 100-continue over the limit",
        bytes(post + "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n"),
        413,
        "larger than");
    add(
        g,
        "an unknown Expect",
        bytes(post + "Expect: the-unexpected\r\nContent-Length: 2\r\n\r\n{}"),
        417,
        "malformed");
  }

  void protocol() {
    String g = "protocol";
    add(g, "HTTP/0.9", bytes("GET /healthz\r\n\r\n"), 505, "HTTP/0.9 not supported");
    add(
        g,
        "HTTP/2.0 in a request line",
        bytes("GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n"),
        426,
        "HTTP/1.1 (and 1.0) only");
    add(g, "HTTP/1.2", bytes("GET /healthz HTTP/1.2\r\nHost: a\r\n\r\n"), 505, "Version");
    add(g, "HTTP/3.0", bytes("GET /healthz HTTP/3.0\r\nHost: a\r\n\r\n"), 505, "Version");
    add(
        g,
        "an HTTP/2 preface",
        bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        426,
        "HTTP/1.1 (and 1.0) only");
    add(
        g,
        "a lower-case version (read as HTTP/1.1)",
        bytes("GET /healthz http/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        200,
        "ok");
    add(
        g,
        "a space in the method",
        bytes("GE T /healthz HTTP/1.1\r\nHost: a\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a request line of garbage bytes",
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 1, 2, 3}, bytes("\r\n\r\n")),
        400,
        "malformed");
    add(
        g,
        "a TLS hello on the plain port",
        HexFormat.of().parseHex("16030100a5010000a10303" + "00".repeat(32) + "000002130101000076"),
        400,
        "malformed");
    add(
        g,
        "a tab in the request line",
        bytes("GET\t/healthz\tHTTP/1.1\r\nHost: a\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a fragment in the target",
        bytes("GET /healthz#frag HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        200,
        "ok");
    add(
        g,
        "CONNECT",
        bytes("CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n"),
        405,
        "CONNECT is not allowed here");
    add(
        g,
        "OPTIONS *",
        bytes("OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        404,
        "no such route: OPTIONS *");
    add(g, "HTTP/1.0 without Host", bytes("GET /healthz HTTP/1.0\r\n\r\n"), 200, "ok");
    add(
        g,
        "leading empty lines",
        bytes("\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        200,
        "ok");
    add(
        g,
        "two pipelined requests",
        bytes(
            "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        200,
        "ok");
    add(
        g,
        "a smuggled request after a chunked body",
        bytes(
            "POST /api/blueprints/integration/entities HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\nDELETE /x HTTP/1.1\r\n\r\n"),
        400,
        "malformed");
    add(
        g,
        "a non-ASCII header value",
        concat(
            bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Name: caf"),
            new byte[] {(byte) 0xE9},
            bytes("\r\nConnection: close\r\n\r\n")),
        200,
        "ok");
  }

  void entityApi() {
    String g = "entity API";
    String path = "/api/blueprints/integration/entities";
    byte[] one = utf8("{\"identifier\":\"gitlab-eu\"}");
    add(
        g,
        "no token",
        request("POST", path, one, "Content-Type", "application/json"),
        401,
        "missing Authorization");
    add(
        g,
        "a wrong token",
        request(
            "POST", path, one, "Content-Type", "application/json", "Authorization", "Bearer nope"),
        401,
        "not valid");
    add(
        g,
        "an empty Bearer",
        request("POST", path, one, "Content-Type", "application/json", "Authorization", "Bearer "),
        401,
        "");
    add(
        g,
        "a token of another scheme",
        request(
            "POST",
            path,
            one,
            "Content-Type",
            "application/json",
            "Authorization",
            "Token " + TOKEN),
        401,
        "Bearer");
    add(
        g,
        "Basic with garbage",
        request(
            "POST", path, one, "Content-Type", "application/json", "Authorization", "Basic !!!"),
        401,
        "Bearer");
    add(
        g,
        "a valid write",
        api("{\"identifier\":\"gitlab-eu\",\"title\":\"GitLab EU\"}"),
        200,
        "\"upserted\":1");
    add(g, "an array of numbers", api("[1]"), 400, "entity[0] must be a JSON object");
    add(g, "no identifier", api("{\"title\":\"x\"}"), 400, "identifier must be a non-empty string");
    add(
        g,
        "a blank identifier",
        api("{\"identifier\":\"  \"}"),
        400,
        "identifier must be a non-empty string");
    add(
        g,
        "a numeric identifier",
        api("{\"identifier\":7}"),
        400,
        "identifier must be a non-empty string");
    add(
        g,
        "an identifier of 1001 characters",
        api("{\"identifier\":\"" + "i".repeat(1001) + "\"}"),
        400,
        "longer than 1000");
    add(
        g,
        "a title of 1001 characters",
        api("{\"identifier\":\"a\",\"title\":\"" + "t".repeat(1001) + "\"}"),
        400,
        "the title is 1001 characters long");
    add(
        g,
        "a team of 1001 characters",
        api("{\"identifier\":\"a\",\"team\":\"" + "t".repeat(1001) + "\"}"),
        400,
        "the team is 1001 characters long");
    add(
        g,
        "a numeric title",
        api("{\"identifier\":\"a\",\"title\":5}"),
        400,
        "title must be a string");
    add(
        g,
        "properties that are an array",
        api("{\"identifier\":\"a\",\"properties\":[]}"),
        400,
        "properties must be a JSON object");
    add(
        g,
        "a property of the wrong type",
        api("{\"identifier\":\"a\",\"properties\":{\"last_resync_duration\":\"x\"}}"),
        400,
        "last_resync_duration must be a number");
    add(
        g,
        "a property of 1e999",
        api("{\"identifier\":\"a\",\"properties\":{\"last_resync_duration\":1e999}}"),
        400,
        "properties.last_resync_duration is out of range");
    add(
        g,
        "a NUL in the identifier",
        api("{\"identifier\":\"a\\u0000b\"}"),
        400,
        "identifier contains a NUL");
    add(
        g,
        "a lone surrogate in the title",
        api("{\"identifier\":\"a\",\"title\":\"\\ud800\"}"),
        400,
        "unpaired surrogate");
    add(
        g,
        "an unknown blueprint",
        request(
            "POST",
            "/api/blueprints/nope/entities",
            one,
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + TOKEN),
        404,
        "no blueprint 'nope'");
    add(
        g,
        "an Idempotency-Key of 600 characters",
        api("{\"identifier\":\"a\"}", "Idempotency-Key", "k".repeat(600)),
        400,
        "Idempotency-Key is too long");
    add(
        g,
        "deleting what does not exist",
        request("DELETE", path + "/nope", null, "Authorization", "Bearer " + TOKEN),
        404,
        "no entity 'nope'");
    for (String limit : List.of("0", "-1", "10001", "abc", "1e3", "99999999999999999999", "")) {
      add(g, "limit=" + limit, get(path + "?limit=" + limit), 400, "limit must be a whole number");
    }
    add(g, "an entity that does not exist", get(path + "/nope"), 404, "no entity 'nope'");
    add(
        g,
        "the history of one that does not exist",
        get(path + "/nope/history"),
        404,
        "no entity 'nope'");
    add(
        g,
        "an unknown blueprint read",
        get("/api/blueprints/nope/entities"),
        404,
        "no blueprint 'nope'");
  }

  void browsers() {
    String g = "browsers";
    add(
        g,
        "a write from another site's page",
        api("{\"identifier\":\"b\"}", "Origin", "http://evil.example"),
        403,
        "'evil.example'");
    add(
        g,
        "a write from a rebinding page",
        api("{\"identifier\":\"b\"}", "Origin", "http://evil.example:" + "8080"),
        403,
        "are refused");
    add(
        g,
        "a write from an opaque origin",
        api("{\"identifier\":\"b\"}", "Origin", "null"),
        403,
        "opaque origin");
    add(
        g,
        "a write marked cross-site",
        api("{\"identifier\":\"b\"}", "Sec-Fetch-Site", "cross-site"),
        403,
        "another site");
    add(
        g,
        "a webhook from another site's page",
        request(
            "POST",
            "/webhook",
            utf8(payload()),
            concatHeaders(signed(utf8(payload())), "Origin", "http://evil.example")),
        403,
        "are refused");
    add(
        g,
        "a write from the catalog's own page",
        api("{\"identifier\":\"b\"}", "Origin", "http://127.0.0.1:" + "9"),
        200,
        "\"upserted\":1");
    add(
        g,
        "a read from another site's page",
        request("GET", "/api/blueprints", null, "Origin", "http://evil.example"),
        200,
        "blueprints");
  }

  static String[] concatHeaders(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
