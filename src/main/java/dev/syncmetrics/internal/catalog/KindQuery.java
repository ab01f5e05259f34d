package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.Request;
import java.util.Locale;

/**
 * The filters and page of {@code GET /api/kinds}: {@code integration} (its identifier), {@code
 * status} (one of {@link Status}), {@code q} (text in the kind's identifier, title, name or
 * integration, any case), {@code offset} and {@code limit}.
 *
 * <pre>{@code
 * KindQuery q = KindQuery.of(request);    // ?integration=github-github-prod&status=FAILED&q=issue
 * List<KindRow> page = rows.stream().filter(q::matches).skip(q.offset()).limit(q.limit()).toList();
 * }</pre>
 *
 * @param integration the integration's identifier, or null for all
 * @param status the state, or null for all
 * @param text lower-case text to look for, or null
 */
record KindQuery(String integration, Status status, String text, int offset, int limit) {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int MAX_OFFSET = 1_000_000;

  /**
   * @throws HttpError 400 naming the parameter that is wrong
   */
  static KindQuery of(Request request) {
    String integration = blankToNull(request.query().get("integration"));
    String statusText = blankToNull(request.query().get("status"));
    Status status = null;
    if (statusText != null) {
      try {
        status = Status.valueOf(statusText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("status must be one of " + String.join(", ", Status.names()));
      }
    }
    String text = blankToNull(request.query().get("q"));
    int limit = request.intParam("limit", DEFAULT_LIMIT, MAX_LIMIT);
    int offset = offset(request.query().get("offset"));
    return new KindQuery(
        integration, status, text == null ? null : text.toLowerCase(Locale.ROOT), offset, limit);
  }

  private static int offset(String value) {
    if (value == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0 && n <= MAX_OFFSET) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw HttpError.badRequest("offset must be a whole number from 0 to " + MAX_OFFSET);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** True when the row passes every filter but the status. */
  boolean matchesAllButStatus(KindRow row) {
    return (integration == null || integration.equals(row.integration()))
        && (text == null || row.contains(text));
  }

  boolean matches(KindRow row) {
    return matchesAllButStatus(row) && (status == null || status == row.status());
  }
}
