package dev.syncmetrics.sample;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.mapping.Entity;
import dev.syncmetrics.mapping.MappingResult;
import dev.syncmetrics.mapping.Mappings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps records with a kind's jq mapping, the same engine and format the catalog uses for webhooks:
 * the record is the mapping's {@code .body}. A record the mapping's {@code filter} rejects is
 * filtered out; one on which a jq expression fails, or whose entity does not fit the blueprint,
 * failed.
 *
 * <pre>{@code
 * Map<SampleKind, RecordMapper> mappers = JqRecordMapper.bundled();
 * Mapped m = mappers.get(SampleKind.ALL.get(0)).map(record);
 * }</pre>
 */
public final class JqRecordMapper implements RecordMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Mappings mappings;

  public JqRecordMapper(Mappings mappings) {
    this.mappings = requireNonNull(mappings, "mappings must not be null");
  }

  /** One mapper per kind, from the blueprints and mappings bundled under {@code sample/}. */
  public static Map<SampleKind, RecordMapper> bundled() {
    Map<SampleKind, RecordMapper> out = new LinkedHashMap<>();
    for (SampleKind kind : SampleKind.ALL) {
      out.put(kind, new JqRecordMapper(SampleMappings.forKind(kind)));
    }
    return out;
  }

  @Override
  public Mapped map(JsonNode record) {
    MappingResult result;
    try {
      result = mappings.apply(record, Map.of(), Map.of());
    } catch (RuntimeException e) {
      return Mapped.failed(e.toString());
    }
    if (!result.errors().isEmpty()) {
      return Mapped.failed(result.errors().get(0).toString());
    }
    if (result.upserts().size() == 1) {
      return Mapped.entity(toJson(result.upserts().get(0)));
    }
    if (result.upserts().isEmpty() && result.filteredOut() > 0) {
      return Mapped.filtered();
    }
    return Mapped.failed("the mapping produced " + result.upserts().size() + " entities, not one");
  }

  /** The entity as the catalog's write API takes it. */
  static ObjectNode toJson(Entity entity) {
    ObjectNode node = JSON.createObjectNode();
    node.put("identifier", entity.identifier());
    if (entity.title() != null) {
      node.put("title", entity.title());
    }
    if (entity.icon() != null) {
      node.put("icon", entity.icon());
    }
    if (entity.team() != null) {
      node.put("team", entity.team());
    }
    node.set("properties", entity.properties());
    node.set("relations", entity.relations());
    return node;
  }
}
