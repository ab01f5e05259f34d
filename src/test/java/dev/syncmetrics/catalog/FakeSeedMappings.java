package dev.syncmetrics.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.MappingError;
import dev.syncmetrics.mapping.MappingResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed guide's two blueprints and two mappings, done in Java, so catalog tests do not depend
 * on the jq engine. {@code /webhook/kinds} applies only the kind mapping. A payload whose {@code
 * kind} is {@code "broken"} yields a mapping error (as a failing jq expression would).
 */
final class FakeSeedMappings implements WebhookMappings {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Blueprint> blueprints =
      Map.of(
          "integration",
          blueprint(
              "integration",
              "Integration",
              "{\"last_resync_completion_status\":{\"type\":\"string\"},"
                  + "\"last_resync_duration\":{\"type\":\"number\"},"
                  + "\"last_resync_at\":{\"type\":\"string\",\"format\":\"date-time\"}}"),
          "integration_kind_metrics",
          blueprint(
              "integration_kind_metrics",
              "Integration Kind Metrics",
              "{\"kind\":{\"type\":\"string\"},\"raw_objects\":{\"type\":\"number\"},"
                  + "\"transformed_objects\":{\"type\":\"number\"},"
                  + "\"entities_ingested\":{\"type\":\"number\"},\"duration\":{\"type\":\"number\"},"
                  + "\"last_completion_status\":{\"type\":\"string\"},"
                  + "\"last_sync_at\":{\"type\":\"string\"}}"));

  private static Blueprint blueprint(String id, String title, String properties) {
    try {
      ObjectNode def = JSON.createObjectNode().put("identifier", id).put("title", title);
      def.putObject("schema").set("properties", JSON.readTree(properties));
      return new Blueprint(id, title, def);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, Blueprint> blueprints() {
    return blueprints;
  }

  @Override
  public Optional<Mapper> webhook(String name) {
    if (name == null) {
      return Optional.of((body, headers, query) -> apply(body, true));
    }
    return name.equals("kinds")
        ? Optional.of((body, headers, query) -> apply(body, false))
        : Optional.empty();
  }

  private static MappingResult apply(JsonNode body, boolean withRuntime) {
    List<Entity> upserts = new ArrayList<>();
    List<MappingError> errors = new ArrayList<>();
    int filtered = 0;
    boolean runtime = body.path("kind_identifier").asText().equals("__runtime__");
    JsonNode resync = body.path("metrics").path("phase").path("resync");
    String status = resync.path("success").asInt() == 1 ? "SUCCESS" : "FAILED";
    String integration =
        body.path("integration_type").asText() + "-" + body.path("integration_identifier").asText();
    if (runtime) {
      ObjectNode props = JSON.createObjectNode();
      props.put("last_resync_duration", Math.round(resync.path("duration_seconds").asDouble()));
      props.put("last_resync_completion_status", status);
      props.put("last_resync_at", java.time.Instant.now().toString());
      if (withRuntime) {
        upserts.add(new Entity("integration", integration,
            body.path("integration_identifier").asText(), null, null, props,
            JSON.createObjectNode()));
      }
      filtered++;
    } else if (body.path("kind").asText().equals("broken")) {
      errors.add(new MappingError("fake.json", "[0].entity.properties.kind", null, "broken kind"));
    } else {
      JsonNode phase = body.path("metrics").path("phase");
      ObjectNode props = JSON.createObjectNode();
      props.put("kind", body.path("kind").asText());
      props.put("duration", Math.round(resync.path("duration_seconds").asDouble()));
      props.set("raw_objects", phase.path("extract").path("object_count"));
      props.set("transformed_objects", phase.path("transform").path("object_count"));
      props.set("entities_ingested", phase.path("load").path("object_count"));
      props.put("last_completion_status", status);
      props.put("last_sync_at", java.time.Instant.now().toString());
      String id = body.path("kind_identifier").asText();
      upserts.add(new Entity("integration_kind_metrics", id, id, null, null, props,
          JSON.createObjectNode().put("integration", integration)));
      if (withRuntime) {
        filtered++;
      }
    }
    return new MappingResult(upserts, List.of(), filtered, errors);
  }
}
