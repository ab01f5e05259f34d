package dev.syncmetrics;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One webhook payload as sent: the JSON body for one kind (or {@code __runtime__}) of one run.
 *
 * @param eventId the run's UUID
 * @param kindIdentifier {@code <kind>-<index>} or {@code __runtime__}
 * @param body the UTF-8 JSON bytes
 */
public record Payload(String eventId, String kindIdentifier, byte[] body) {
  public Payload {
    Objects.requireNonNull(eventId, "eventId must not be null");
    Objects.requireNonNull(kindIdentifier, "kindIdentifier must not be null");
    Objects.requireNonNull(body, "body must not be null");
  }

  /** {@code <event_id>:<kind_identifier>}: the same for every delivery of this payload. */
  public String idempotencyKey() {
    return eventId + ":" + kindIdentifier;
  }

  /** The body as text. */
  public String json() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload p
        && eventId.equals(p.eventId)
        && kindIdentifier.equals(p.kindIdentifier)
        && java.util.Arrays.equals(body, p.body);
  }

  @Override
  public int hashCode() {
    return idempotencyKey().hashCode();
  }

  @Override
  public String toString() {
    return "Payload{" + idempotencyKey() + ", " + body.length + " bytes}";
  }
}
