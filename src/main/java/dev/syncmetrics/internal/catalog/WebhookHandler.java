package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.internal.catalog.http.Handler;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.StoreException;
import dev.syncmetrics.internal.catalog.store.WriteOutcome;
import dev.syncmetrics.internal.signature.IdempotencyKey;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.MappingError;
import dev.syncmetrics.mapping.MappingResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /webhook} and {@code POST /webhook/{name}}: checks the request, applies the route's
 * mappings and answers only after the entities are committed.
 */
final class WebhookHandler implements Handler {
  static final int MAX_IDEMPOTENCY_KEY = 500;

  private final WebhookMappings mappings;
  private final EntityStore store;
  private final SignatureVerifier verifier;
  private final long maxBodyBytes;
  private final CatalogMetrics metrics;
  private final List<String> hiddenHeaders;

  WebhookHandler(
      WebhookMappings mappings,
      EntityStore store,
      SignatureVerifier verifier,
      long maxBodyBytes,
      CatalogMetrics metrics) {
    this.mappings = mappings;
    this.store = store;
    this.verifier = verifier;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    List<String> hidden =
        new ArrayList<>(List.of("authorization", "cookie", "proxy-authorization"));
    hidden.add(verifier == null ? WebhookSignature.SIGNATURE_HEADER : verifier.header());
    this.hiddenHeaders = List.copyOf(hidden);
  }

  @Override
  public Response handle(Request request) throws IOException {
    try {
      return process(request);
    } catch (HttpError e) {
      metrics.webhook(outcome(e.status()));
      throw e;
    } catch (StoreException e) {
      metrics.webhook("store_error");
      throw e;
    }
  }

  private Response process(Request request) throws IOException {
    request.requireJson();
    byte[] body = request.body(maxBodyBytes);
    if (verifier != null) {
      verifier
          .problem(request::header, body)
          .ifPresent(
              problem -> {
                throw new HttpError(401, problem);
              });
    }
    String name = request.pathParamOrNull("name");
    WebhookMappings.Mapper mapper =
        mappings
            .webhook(name)
            .orElseThrow(() -> HttpError.notFound("no webhook named '" + name + "'"));
    JsonNode json = HttpJson.parse(body);
    String eventKey = eventKey(name, request, json);
    if (eventKey != null && store.seen(eventKey)) {
      metrics.webhook("duplicate");
      return summary(WriteOutcome.ofDuplicate(), 0, List.of());
    }
    MappingResult result = mapper.apply(json, request.headers(hiddenHeaders), request.query());
    WriteOutcome written = store.write(result.upserts(), result.deletes(), eventKey);
    metrics.mappingErrors(result.errors().size());
    if (written.duplicate()) {
      metrics.webhook("duplicate");
    } else {
      metrics.webhook(result.errors().isEmpty() ? "accepted" : "accepted_with_errors");
      for (Entity e : result.upserts()) {
        metrics.upserted(e.blueprint(), "webhook");
      }
      metrics.deleted(written.deleted(), "webhook");
    }
    return summary(
        written, result.filteredOut(), written.duplicate() ? List.of() : result.errors());
  }

  /**
   * The key that makes a redelivery recognisable: the {@code Idempotency-Key} header (decoded as
   * {@link IdempotencyKey} says), else the body's {@code event_id:kind_identifier}, which is the
   * same key; scoped by route, since routes map differently.
   */
  private static String eventKey(String name, Request request, JsonNode body) {
    String header = request.header(WebhookSignature.IDEMPOTENCY_HEADER);
    String key;
    if (header != null && !header.isBlank()) {
      // percent-encoded by the reporter (any kind name is deliverable): at most 3 bytes a character
      key = header.length() > 3 * MAX_IDEMPOTENCY_KEY ? header : IdempotencyKey.key(header.trim());
      if (key.length() > MAX_IDEMPOTENCY_KEY) {
        throw HttpError.badRequest(
            "Idempotency-Key is longer than " + MAX_IDEMPOTENCY_KEY + " characters");
      }
    } else if (body.path("event_id").isTextual() && body.path("kind_identifier").isTextual()) {
      key = body.get("event_id").asText() + ":" + body.get("kind_identifier").asText();
      if (key.length() > MAX_IDEMPOTENCY_KEY) {
        return null;
      }
    } else {
      return null;
    }
    return (name == null ? "/webhook " : "/webhook/" + name + " ") + key;
  }

  private static Response summary(WriteOutcome out, int filteredOut, List<MappingError> errors) {
    ObjectNode node = HttpJson.object();
    node.put("upserted", out.upserted());
    node.put("deleted", out.deleted());
    node.put("filteredOut", filteredOut);
    ArrayNode list = node.putArray("errors");
    for (MappingError e : errors) {
      list.add(e.toJson());
    }
    node.put("duplicate", out.duplicate());
    return Response.json(200, node);
  }

  private static String outcome(int status) {
    switch (status) {
      case 400:
        return "bad_request";
      case 401:
        return "unauthorized";
      case 404:
        return "not_found";
      case 413:
        return "too_large";
      case 415:
        return "unsupported_media_type";
      default:
        return "error";
    }
  }
}
