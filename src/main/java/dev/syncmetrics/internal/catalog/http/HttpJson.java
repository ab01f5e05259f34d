package dev.syncmetrics.internal.catalog.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON at the HTTP layer: request bodies parsed with an error that says where they are wrong, new
 * nodes for answers, and the error body {@code {"error": message}} every refusal carries.
 *
 * <pre>{@code
 * JsonNode body = HttpJson.parse(request.body(maxBytes));   // 400 naming line and column
 * return Response.json(200, HttpJson.object().put("status", "ok"));
 * }</pre>
 */
public final class HttpJson {
  /** Trailing data and duplicate keys (which readers resolve differently) are errors. */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private HttpJson() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** {@code {"error": message}}. */
  public static ObjectNode error(String message) {
    return object().put("error", message);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a request body and checks what {@link JsonChecks} requires of every value.
   *
   * @throws HttpError 400 naming the line and column of malformed JSON, an empty body, the offset
   *     of bytes that are not UTF-8, or the field holding a NUL, an unpaired surrogate or a number
   *     out of range
   */
  public static JsonNode parse(byte[] body) {
    JsonChecks.utf8(body);
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("malformed JSON" + where(e.getLocation()) + ": " + reason(e));
    } catch (IOException e) {
      throw HttpError.badRequest("unreadable JSON: " + PublicText.of(e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      throw HttpError.badRequest("the request body is empty; send a JSON document");
    }
    JsonChecks.values(node);
    return node;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Jackson's own reason, first line only and without its echo of the source. */
  private static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return "unexpected input";
    }
    int newline = message.indexOf('\n');
    String line = PublicText.of(newline < 0 ? message : message.substring(0, newline));
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
