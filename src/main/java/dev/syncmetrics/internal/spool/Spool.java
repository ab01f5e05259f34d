package dev.syncmetrics.internal.spool;

import dev.syncmetrics.Payload;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where payloads wait when they could not be delivered before a report's deadline, until a later
 * report (or {@code push --spool}) delivers them. One real implementation: {@link FileSpool}.
 *
 * <pre>{@code
 * try (Spool.Claim claim = spool.claim()) {          // no other process gets these meanwhile
 *   for (Optional<Payload> p = claim.next(); p.isPresent(); p = claim.next()) {
 *     if (send(p.get())) claim.done(p.get());         // delivered: removed from the spool
 *   }
 * }                                                  // the rest stays for a later claim
 * spool.save(undelivered, Duration.ofMillis(500));   // oldest dropped if the bounds say so
 * }</pre>
 */
public interface Spool extends AutoCloseable {
  /**
   * Takes the waiting payloads, oldest first, for this process to deliver. Until {@link
   * Claim#close()}, no other process or thread sharing the spool gets them; one that tries gets an
   * empty claim ({@link Claim#locked()} false) and leaves the backlog to the holder.
   */
  Claim claim();

  /**
   * As {@link #claim()}, spending at most {@code adoptWithin} first on bringing into the backlog
   * what journals hold that no living process will deliver (see {@link Journal}).
   */
  default Claim claim(Duration adoptWithin) {
    return claim();
  }

  /**
   * Keeps payloads for later. When the bounds would be exceeded, the oldest waiting payloads are
   * dropped first; the newest of {@code payloads} is never dropped (unless it alone is larger than
   * the byte bound). Gives up on what is not written within {@code within}.
   *
   * @return what was saved, what was dropped to make room and what could not be saved
   * @throws IOException when the spool directory cannot be used at all
   */
  SaveResult save(List<Payload> payloads, Duration within) throws IOException;

  /** A guess of how long saving {@code payloads} payloads takes, from earlier saves. */
  default Duration saveTime(int payloads) {
    return Duration.ofMillis(2L * payloads);
  }

  /**
   * Keeps the newest Pushgateway state of a group (a run's payloads), replacing an older one; a
   * state older than the one kept is ignored.
   */
  void savePushState(String group, List<Payload> runPayloads) throws IOException;

  /** The newest unpushed Pushgateway state of a group, if any. */
  Optional<List<Payload>> pushState(String group);

  /** Every group with an unpushed state. */
  List<String> pushStateGroups();

  /** Forgets a group's unpushed state once a run reported at {@code pushed} or later was pushed. */
  void clearPushState(String group, Instant pushed);

  /**
   * This process's write-ahead journal: payloads are written there before their first send
   * (docs/reliability.md, "Write-ahead").
   *
   * @throws IOException when the spool directory cannot be used
   */
  Journal journal() throws IOException;

  /**
   * Moves journal entries that could not be delivered into the spool, to wait for a later report,
   * within the bounds ({@link #save}), and settles them in the journal.
   */
  SaveResult keep(List<Journal.Entry> entries, Duration within) throws IOException;

  /** Payloads waiting now. */
  int size();

  @Override
  void close();

  /**
   * Payloads claimed for delivery, read one at a time so that only those being sent are in memory.
   * Close it to give back the ones neither delivered nor dropped. Safe for several threads.
   */
  interface Claim extends AutoCloseable {
    /** A claim of nothing, for when there is no backlog to deliver. */
    Claim NONE =
        new Claim() {
          @Override
          public boolean locked() {
            return false;
          }

          @Override
          public int size() {
            return 0;
          }

          @Override
          public Optional<Payload> next() {
            return Optional.empty();
          }

          @Override
          public void done(Payload payload) {}

          @Override
          public int remaining() {
            return 0;
          }

          @Override
          public int corrupt() {
            return 0;
          }

          @Override
          public void close() {}
        };

    /** False when another process (or thread) holds the backlog: this claim is empty. */
    boolean locked();

    /** Payload files claimed. */
    int size();

    /**
     * The next payload, oldest first, read from disk now; empty when none is left or the claim is
     * closed. A file that is not a whole payload is moved to {@code corrupt/} and skipped.
     */
    Optional<Payload> next();

    /** The payload was delivered (or rejected for good): remove it from the spool. */
    void done(Payload payload);

    /**
     * Claimed payloads still in the spool (neither done, corrupt nor removed meanwhile), and those
     * the claim had no time to bring in from journals.
     */
    int remaining();

    /** Files found corrupt and moved aside. */
    int corrupt();

    @Override
    void close();
  }

  /**
   * @param saved payloads written
   * @param droppedWaiting older waiting payloads removed to make room
   * @param droppedNew payloads of this save not kept because they alone exceed the bounds (the
   *     oldest of them), or one alone is larger than the byte bound
   * @param unwritten payloads not written: an I/O error, or the time ran out
   * @param problem why something was unwritten, or null
   */
  record SaveResult(int saved, int droppedWaiting, int droppedNew, int unwritten, String problem) {
    /** Payloads given up by this save, for whatever reason. */
    public int lost() {
      return droppedWaiting + droppedNew + unwritten;
    }
  }
}
