package dev.syncmetrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One webhook payload as sent: the JSON body for one kind (or {@code __runtime__}) of one run.
 *
 * <pre>{@code
 * for (Payload p : run.finish().payloads()) {
 *   log.debug("{} -> {}", p.idempotencyKey(), p.json());
 * }
 * }</pre>
 *
 * @param eventId the run's UUID
 * @param kindIdentifier {@code <kind>-<index>} or {@code __runtime__}
 * @param body the UTF-8 JSON bytes
 */
public record Payload(String eventId, String kindIdentifier, byte[] body) {
  /** The kind (and kind identifier) of the payload that carries a whole run's totals. */
  public static final String RUNTIME = "__runtime__";

  /**
   * {@code sync_state} of the {@code __runtime__} payload sent when a run starts (its {@code
   * success} is 0): the run is under way.
   */
  public static final String SYNCING = "syncing";

  /**
   * {@code sync_state} of a kind that ended without {@code fail()}, or of a run whose every kind
   * did.
   */
  public static final String COMPLETED = "completed";

  /** {@code sync_state} of a kind that failed, or of a run with a failed kind or {@code fail()}. */
  public static final String FAILED = "failed";

  /**
   * {@code sync_state} of a run that was aborted ({@code abort()}, closed without {@code finish()},
   * or the JVM shutting down), and of its kinds that had not ended by then.
   */
  public static final String ABORTED = "aborted";

  public Payload {
    Objects.requireNonNull(eventId, "eventId must not be null");
    Objects.requireNonNull(kindIdentifier, "kindIdentifier must not be null");
    Objects.requireNonNull(body, "body must not be null");
  }

  /**
   * {@code <kind>-<index>}, as sent in {@code kind_identifier}: the same kind may appear several
   * times in an integration's configuration ({@code merge-request-3}, {@code repository-12}).
   */
  public static String kindIdentifier(String kind, int index) {
    return kind + "-" + index;
  }

  /**
   * The kind of a {@code kind_identifier}: everything before its last hyphen when what follows is a
   * number ({@code merge-request-3} is {@code merge-request}), else the whole identifier.
   */
  public static String kindOf(String kindIdentifier) {
    int dash = kindIdentifier.lastIndexOf('-');
    return dash > 0 && isNumber(kindIdentifier, dash + 1)
        ? kindIdentifier.substring(0, dash)
        : kindIdentifier;
  }

  /**
   * The index of a {@code kind_identifier} (the number after its last hyphen), or 0 when it has
   * none (such as {@code __runtime__}).
   */
  public static int indexOf(String kindIdentifier) {
    int dash = kindIdentifier.lastIndexOf('-');
    if (dash < 0 || !isNumber(kindIdentifier, dash + 1)) {
      return 0;
    }
    try {
      return Integer.parseInt(kindIdentifier.substring(dash + 1));
    } catch (NumberFormatException tooLarge) {
      return 0;
    }
  }

  private static boolean isNumber(String s, int from) {
    return from < s.length() && s.substring(from).chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * {@code <event_id>:<kind_identifier>}: the same for every delivery of this payload. The {@code
   * syncing} announcement of a run is another payload than its final {@code __runtime__}: see
   * {@link #announcement(String, byte[])}.
   */
  public String idempotencyKey() {
    return eventId + ":" + kindIdentifier;
  }

  /**
   * The {@code syncing} {@code __runtime__} payload of run {@code eventId}, sent when the run
   * starts. Its kind identifier is {@code __runtime__:syncing}, so that its idempotency key differs
   * from the final {@code __runtime__}'s; its body says {@code "kind_identifier":"__runtime__"}.
   */
  public static Payload announcement(String eventId, byte[] body) {
    return new Payload(eventId, RUNTIME + ":" + SYNCING, body);
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
        && Arrays.equals(body, p.body);
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
