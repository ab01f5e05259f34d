package dev.syncmetrics.spool;

import dev.syncmetrics.Payload;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where payloads wait when they could not be delivered before a report's deadline, until a later
 * report (or {@code push --spool}) delivers them. One real implementation: {@link FileSpool}.
 */
public interface Spool extends AutoCloseable {
  /**
   * Takes the waiting payloads, oldest first, for this process to deliver. Until {@link
   * Claim#close()}, no other process sharing the spool gets them. Returns an empty claim when
   * another process holds them.
   */
  Claim claim();

  /**
   * Keeps payloads for later, oldest dropped first when the spool's bounds are exceeded (never the
   * ones being saved, unless they alone exceed the bounds).
   *
   * @return how many were saved and how many older ones were dropped to make room
   */
  SaveResult save(List<Payload> payloads) throws IOException;

  /** Keeps the newest Pushgateway state of a group (a run's payloads), replacing any older one. */
  void savePushState(String group, List<Payload> runPayloads) throws IOException;

  /** The newest unpushed Pushgateway state of a group, if any. */
  Optional<List<Payload>> pushState(String group);

  /** Every group with an unpushed state. */
  List<String> pushStateGroups();

  /** Forgets a group's unpushed state (it was pushed, or a newer run superseded it). */
  void clearPushState(String group);

  /** Payloads waiting now. */
  int size();

  @Override
  void close();

  /** Payloads claimed for delivery. Close it to give back the ones neither delivered nor dropped. */
  interface Claim extends AutoCloseable {
    List<Payload> payloads();

    /** The payload was delivered (or rejected for good): remove it from the spool. */
    void done(Payload payload);

    @Override
    void close();
  }

  /** @param saved payloads written; @param dropped older payloads removed to stay within bounds */
  record SaveResult(int saved, int dropped) {}
}
