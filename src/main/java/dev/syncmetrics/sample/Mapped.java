package dev.syncmetrics.sample;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What mapping one record produced: an entity in the catalog write API's form ({@code identifier,
 * title, properties, relations}), or nothing because the mapping's filter dropped the record, or
 * nothing because the mapping failed on it.
 *
 * @param outcome which of the three
 * @param entity the entity, only for {@link Outcome#ENTITY}
 * @param error why the mapping failed, only for {@link Outcome#FAILED}
 */
public record Mapped(Outcome outcome, ObjectNode entity, String error) {
  /** The three ways a record can leave the transform phase. */
  public enum Outcome {
    ENTITY,
    FILTERED,
    FAILED
  }

  public Mapped {
    requireNonNull(outcome, "outcome must not be null");
    if ((outcome == Outcome.ENTITY) != (entity != null)) {
      throw new IllegalArgumentException("an entity comes with outcome ENTITY, and only then");
    }
    if (outcome == Outcome.ENTITY && !entity.path("identifier").isTextual()) {
      throw new IllegalArgumentException("an entity needs a string identifier");
    }
  }

  public static Mapped entity(ObjectNode entity) {
    return new Mapped(Outcome.ENTITY, requireNonNull(entity, "entity must not be null"), null);
  }

  public static Mapped filtered() {
    return new Mapped(Outcome.FILTERED, null, null);
  }

  public static Mapped failed(String error) {
    return new Mapped(Outcome.FAILED, null, requireNonNull(error, "error must not be null"));
  }

  /** The entity's identifier; only for {@link Outcome#ENTITY}. */
  public String identifier() {
    if (entity == null) {
      throw new IllegalStateException("no entity: the record was " + outcome);
    }
    return entity.get("identifier").asText();
  }
}
