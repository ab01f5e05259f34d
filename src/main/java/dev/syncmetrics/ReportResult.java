package dev.syncmetrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the end-of-sync report did: the run's identity and state, what each kind did, its payloads,
 * and per target what was delivered, retried, spooled for later and dropped.
 *
 * <pre>{@code
 * ReportResult result = run.finish();
 * if (!result.allDelivered()) log.info("metrics will be redelivered: {}", result);
 * for (ReportResult.KindResult k : result.kinds()) {
 *   log.info("{}: {} loaded, {} skipped", k.kindIdentifier(),
 *       k.count(Phase.LOAD, "loaded"), k.count(Phase.LOAD, "skipped"));
 * }
 * }</pre>
 *
 * @param eventId the run's UUID ({@code event_id})
 * @param state {@code completed}, {@code failed} or {@code aborted} (see {@link Payload#ABORTED}),
 *     or {@code disabled} when metrics are off
 * @param kinds what each kind of the run did, in payload order, {@code __runtime__} last; empty
 *     when payloads were delivered without a run ({@code push})
 * @param payloads the payloads built for this run, kinds (in payload order, whether they were sent
 *     when the kind ended or at the run's end) then the final {@code __runtime__}; the {@code
 *     syncing} announcement sent at the start is not among them
 * @param targets one entry per configured target (webhook, pushgateway)
 * @param took how long the report took
 */
public record ReportResult(
    String eventId,
    String state,
    List<KindResult> kinds,
    List<Payload> payloads,
    List<TargetResult> targets,
    Duration took) {
  public ReportResult {
    kinds = List.copyOf(kinds);
    payloads = List.copyOf(payloads);
    targets = List.copyOf(targets);
  }

  /** The result of a reporter with metrics off: no kinds, no payloads, no targets. */
  public static ReportResult disabled() {
    return new ReportResult("", "disabled", List.of(), List.of(), List.of(), Duration.ZERO);
  }

  /** True when every target got everything it was sent (trivially so with no targets). */
  public boolean allDelivered() {
    return targets.stream().allMatch(TargetResult::ok);
  }

  /** The result for one target, {@code webhook} or {@code pushgateway}. */
  public Optional<TargetResult> target(String name) {
    return targets.stream().filter(t -> t.target().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("run ").append(eventId).append(' ').append(state).append(':');
    if (targets.isEmpty()) {
      s.append(" no targets");
    }
    for (TargetResult t : targets) {
      s.append(' ').append(t);
    }
    return s.append(" in ").append(took.toMillis()).append(" ms").toString();
  }

  /**
   * What one kind (or, for {@code __runtime__}, the whole run) did, as its payload says.
   *
   * @param kindIdentifier {@code <kind>-<index>} or {@code __runtime__}
   * @param success whether it succeeded ({@code success} 1)
   * @param failure why it failed, or null
   * @param durationSeconds its whole sync ({@code resync}) in seconds
   * @param counts {@code <phase>.<count type>} to count, such as {@code load.skipped}, for every
   *     count type of {@link Phase#countTypes()}
   * @param state its {@code sync_state}: {@code completed}, {@code failed} or {@code aborted} (a
   *     kind still under way when the run was aborted)
   */
  public record KindResult(
      String kindIdentifier,
      boolean success,
      String failure,
      double durationSeconds,
      Map<String, Long> counts,
      String state) {
    public KindResult {
      counts = Map.copyOf(counts);
      if (state == null) {
        state = success ? Payload.COMPLETED : Payload.FAILED;
      }
    }

    /** A kind that ended {@code completed} or {@code failed}, by its success. */
    public KindResult(
        String kindIdentifier,
        boolean success,
        String failure,
        double durationSeconds,
        Map<String, Long> counts) {
      this(kindIdentifier, success, failure, durationSeconds, counts, null);
    }

    /** The count of {@code type} (one of {@code phase.countTypes()}) in {@code phase}. */
    public long count(Phase phase, String type) {
      Long n = counts.get(phase.label() + "." + type);
      if (n == null) {
        throw new IllegalArgumentException(
            "phase " + phase.label() + " has no count type " + type + ": " + phase.countTypes());
      }
      return n;
    }
  }

  /**
   * One target's part of a report.
   *
   * @param target {@code webhook} or {@code pushgateway}
   * @param delivered payloads (or pushes) that arrived, including redelivered spooled ones
   * @param retried extra attempts made after a failure
   * @param spooled payloads kept on disk for a later report
   * @param dropped payloads given up: rejected by the target, or pushed out of a full spool
   * @param failures why things failed, one line each, without secrets
   */
  public record TargetResult(
      String target, int delivered, int retried, int spooled, int dropped, List<String> failures) {
    public TargetResult {
      failures = List.copyOf(failures);
    }

    public boolean ok() {
      return failures.isEmpty() && spooled == 0 && dropped == 0;
    }

    @Override
    public String toString() {
      return target
          + "{delivered="
          + delivered
          + ", retried="
          + retried
          + ", spooled="
          + spooled
          + ", dropped="
          + dropped
          + (failures.isEmpty() ? "" : ", failures=" + failures)
          + "}";
    }
  }
}
