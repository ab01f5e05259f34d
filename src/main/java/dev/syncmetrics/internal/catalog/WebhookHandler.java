package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.catalog.http.Handler;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.RelationSchema;
import dev.syncmetrics.internal.catalog.store.StoreException;
import dev.syncmetrics.internal.catalog.store.WriteBatch;
import dev.syncmetrics.internal.catalog.store.WriteOutcome;
import dev.syncmetrics.internal.catalog.store.WriteProblem;
import dev.syncmetrics.internal.shape.CanonicalPayload;
import dev.syncmetrics.internal.shape.PayloadKeys;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
import dev.syncmetrics.internal.signature.IdempotencyKey;
import dev.syncmetrics.internal.signature.WebhookSignature;
import dev.syncmetrics.internal.signature.WebhookVerifier;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.EntityRef;
import dev.syncmetrics.mapping.MappingError;
import dev.syncmetrics.mapping.MappingResult;
import dev.syncmetrics.mapping.WebhookConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /webhook} and {@code POST /webhook/{name}}: checks the request (with the webhook's
 * own security when it has one), applies the route's mappings and answers only after the entities
 * are committed.
 */
final class WebhookHandler implements Handler {
  static final int MAX_IDEMPOTENCY_KEY = 500;
  private static final List<String> HIDDEN =
      List.of("authorization", "cookie", "proxy-authorization");

  private final WebhookMappings mappings;
  private final EntityStore store;
  private final WebhookSecurities securities;
  private final Clock clock;
  private final long maxBodyBytes;
  private final CatalogMetrics metrics;
  private final RelationSchema relations;

  WebhookHandler(
      WebhookMappings mappings,
      EntityStore store,
      WebhookVerifier verifier,
      Clock clock,
      long maxBodyBytes,
      CatalogMetrics metrics) {
    this.mappings = mappings;
    this.store = store;
    this.securities = new WebhookSecurities(verifier);
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.relations = RelationSchema.of(mappings.blueprints().values());
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
    String name = request.pathParamOrNull("name");
    WebhookConfig config = name == null ? null : mappings.config(name).orElse(null);
    if (config != null && !config.enabled()) {
      // nothing runs for it, so there is nothing to guard: say why, whoever asks
      throw HttpError.notFound("webhook '" + name + "' is disabled (\"enabled\": false)");
    }
    WebhookVerifier verifier = securities.verifier(config);
    if (verifier != null) {
      verifier
          .problem(request::header, body, clock.now())
          .ifPresent(
              problem -> {
                throw new HttpError(401, problem);
              });
    }
    WebhookMappings.Mapper mapper =
        mappings
            .webhook(name)
            .orElseThrow(() -> HttpError.notFound("no webhook named '" + name + "'"));
    // any payload shape (ours, Ocean's from 0.22.0 on) in every spelling: docs/catalog.md; a
    // body that is not a metrics payload (a vendor webhook's event) passes as it is
    CanonicalPayload payload = CanonicalPayload.ofParsed(HttpJson.parse(body));
    if (payload.notAResult() != null) {
      metrics.webhook("ignored");
      return ignored(payload.notAResult());
    }
    JsonNode json = payload.body();
    String route = name == null ? "/webhook " : "/webhook/" + name + " ";
    List<String> keys = new ArrayList<>();
    String eventKey = payload.idsIdentifyDeliveries() ? eventKey(route, request, json) : null;
    if (eventKey != null) {
      keys.add(eventKey);
    }
    String replayKey = verifier == null ? null : verifier.replayKey(request::header);
    if (replayKey != null) {
      // a signed request replayed with another Idempotency-Key is still the same signed request
      keys.add("signature " + replayKey);
    }
    for (String key : keys) {
      if (store.seen(key)) {
        metrics.webhook("duplicate");
        return summary(WriteOutcome.ofDuplicate(), 0, List.of());
      }
    }
    String late = lateAnnouncement(route, payload);
    if (late != null) {
      metrics.webhook("ignored");
      return ignored(late);
    }
    List<String> hidden = new ArrayList<>(HIDDEN);
    hidden.add(verifier == null ? WebhookSignature.SIGNATURE_HEADER : verifier.header());
    MappingResult result =
        EntityLimits.enforce(mapper.apply(json, request.headers(hidden), request.query()));
    if (result.requestIdentifier() != null) {
      keys.add(route + "request " + result.requestIdentifier());
    }
    WriteOutcome written =
        store.write(
            WriteBatch.merge(
                result.upserts(), result.updates(), result.deletes(), keys, relations));
    List<MappingError> errors = new ArrayList<>(result.errors());
    for (WriteProblem p : written.problems()) {
      errors.add(
          EntityLimits.shown(
              new MappingError(
                  config == null ? null : config.file(),
                  p.blueprint() + " " + p.field(),
                  p.identifier(),
                  p.message())));
    }
    metrics.mappingErrors(errors.size());
    if (written.duplicate()) {
      metrics.webhook("duplicate");
    } else {
      metrics.webhook(errors.isEmpty() ? "accepted" : "accepted_with_errors");
      for (Entity e : result.upserts()) {
        metrics.upserted(e.blueprint(), "webhook");
      }
      metrics.deleted(written.deleted(), "webhook");
    }
    return written.duplicate()
        ? summary(written, 0, List.of())
        : summary(written, result.filteredOut(), errors);
  }

  /**
   * The key that makes a redelivery recognisable: the {@code Idempotency-Key} header (decoded as
   * {@link IdempotencyKey} says), else the body's {@code event_id:kind_identifier} (with {@code
   * :syncing} for a run's announcement), which is the same key; scoped by route, since routes map
   * differently. Not asked of Ocean's payloads, which never retry and repeat one kind of one resync
   * as it goes.
   */
  private static String eventKey(String route, Request request, JsonNode body) {
    String header = request.header(WebhookSignature.IDEMPOTENCY_HEADER);
    String key;
    if (header != null && !header.isBlank()) {
      // percent-encoded by the reporter (any kind name is deliverable): at most 3 bytes a character
      key = header.length() > 3 * MAX_IDEMPOTENCY_KEY ? header : IdempotencyKey.key(header.trim());
      if (key.length() > MAX_IDEMPOTENCY_KEY) {
        throw HttpError.badRequest(
            "Idempotency-Key is longer than " + MAX_IDEMPOTENCY_KEY + " characters");
      }
    } else if (PayloadKeys.text(body, Field.EVENT_ID) != null
        && PayloadKeys.text(body, Field.KIND_IDENTIFIER) != null) {
      key =
          PayloadKeys.text(body, Field.EVENT_ID)
              + ":"
              + PayloadKeys.text(body, Field.KIND_IDENTIFIER);
      if (isAnnouncement(body)) {
        // the run's announcement: another payload than its final __runtime__, as the header says
        key += ":" + Payload.SYNCING;
      }
      if (key.length() > MAX_IDEMPOTENCY_KEY) {
        return null;
      }
    } else {
      return null;
    }
    return route + key;
  }

  private static Response summary(WriteOutcome out, int filteredOut, List<MappingError> errors) {
    ObjectNode node = HttpJson.object();
    node.put("upserted", out.upserted());
    node.put("deleted", out.deleted());
    if (!out.deletedEntities().isEmpty()) {
      ArrayNode list = node.putArray("deletedEntities");
      for (EntityRef ref : out.deletedEntities()) {
        list.addObject().put("blueprint", ref.blueprint()).put("identifier", ref.identifier());
      }
    }
    node.put("filteredOut", filteredOut);
    ArrayNode list = node.putArray("errors");
    for (MappingError e : errors) {
      list.add(e.toJson());
    }
    node.put("duplicate", out.duplicate());
    return Response.json(200, node);
  }

  /** A payload that reports no result (an Ocean progress notice): nothing mapped, and why. */
  /**
   * Why a reporter's {@code syncing} announcement is not applied, or null when it is: it is late
   * when its run's final {@code __runtime__} was stored already (the announcement was given up by
   * the reporter and arrived after all). Applied then, it would leave the guide's integration
   * entity FAILED (an announcement has success 0) until the next run.
   */
  private String lateAnnouncement(String route, CanonicalPayload payload) {
    JsonNode body = payload.body();
    if (!payload.idsIdentifyDeliveries() || !isAnnouncement(body)) {
      return null;
    }
    String event = PayloadKeys.text(body, Field.EVENT_ID);
    if (event == null || !store.seen(route + event + ":" + Payload.RUNTIME)) {
      return null;
    }
    return "run "
        + event
        + " has ended already: its syncing announcement came late and is not applied";
  }

  /** A run's {@code syncing} {@code __runtime__}, sent when it starts. */
  private static boolean isAnnouncement(JsonNode body) {
    return Payload.RUNTIME.equals(PayloadKeys.text(body, Field.KIND_IDENTIFIER))
        && Payload.SYNCING.equals(PayloadKeys.text(body, Field.SYNC_STATE));
  }

  private static Response ignored(String why) {
    ObjectNode node = HttpJson.object();
    node.put("upserted", 0);
    node.put("deleted", 0);
    node.put("filteredOut", 0);
    node.putArray("errors");
    node.put("duplicate", false);
    node.put("ignored", why);
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
