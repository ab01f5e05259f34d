package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The state the dashboard shows for a kind, a run or an integration. Kinds and finished runs are
 * {@code SUCCESS}, {@code FAILED} or {@code ABORTED}; an integration whose run has begun and not
 * ended is {@code SYNCING}, or {@code STALLED} once it has been at it too long (see {@link
 * StallRule}).
 *
 * <pre>{@code
 * Status s = Status.of("aborted", successNode, null);   // ABORTED
 * }</pre>
 */
enum Status {
  SUCCESS,
  FAILED,
  ABORTED,
  SYNCING,
  STALLED,
  UNKNOWN;

  /** The names a {@code status} filter accepts, in this order. */
  static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }

  /**
   * The state of one payload's figures: its {@code sync_state} first ({@code aborted}, {@code
   * syncing}), then its {@code success} (a boolean, or 1 and 0), then the seed guide's {@code
   * SUCCESS}/{@code FAILED} text, then {@code completed}/{@code failed}.
   *
   * @param syncState the payload's {@code sync_state}, or null
   * @param success the stored success value, or null
   * @param guideStatus the guide's {@code last_completion_status}, or null
   */
  static Status of(String syncState, JsonNode success, String guideStatus) {
    String state = syncState == null ? "" : syncState.toLowerCase(Locale.ROOT);
    if (state.equals("aborted")) {
      return ABORTED;
    }
    if (state.equals("syncing")) {
      return SYNCING;
    }
    if (success != null && (success.isBoolean() || success.isNumber())) {
      return success.asBoolean() || success.asDouble() == 1 ? SUCCESS : FAILED;
    }
    if ("SUCCESS".equals(guideStatus) || state.equals("completed")) {
      return SUCCESS;
    }
    if ("FAILED".equals(guideStatus) || state.equals("failed")) {
      return FAILED;
    }
    return UNKNOWN;
  }

  /** True for the states of a kind or run that did not succeed. */
  boolean isFailure() {
    return this == FAILED || this == ABORTED;
  }
}
