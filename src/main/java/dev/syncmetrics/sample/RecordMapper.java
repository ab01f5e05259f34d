package dev.syncmetrics.sample;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one source record into a catalog entity, the transform phase of one kind. The sample uses
 * {@link JqRecordMapper}, the kind's jq mapping under {@code sample/mappings/}.
 *
 * <pre>{@code
 * Mapped m = mapper.map(record);
 * switch (m.outcome()) { case ENTITY -> ...; case FILTERED -> ...; case FAILED -> ...; }
 * }</pre>
 */
@FunctionalInterface
public interface RecordMapper {
  /** Maps one record; never throws for a bad record (the result says {@code FAILED}). */
  Mapped map(JsonNode record);
}
