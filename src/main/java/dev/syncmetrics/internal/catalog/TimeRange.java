package dev.syncmetrics.internal.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.HttpJson;
import dev.syncmetrics.internal.catalog.http.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The time range of a read: {@code ?range=1h|24h|7d|30d} back from the catalog's clock (default
 * 24h), or {@code ?since=<ISO-8601>[&until=<ISO-8601>]}. {@code since} is inclusive, {@code until}
 * exclusive; the named ranges end just after now.
 *
 * <pre>{@code
 * TimeRange r = TimeRange.of(request, clock);     // ?range=7d
 * store.history(blueprint, id, r.since(), r.until(), 100);
 * }</pre>
 *
 * @param name the range's name ({@code 24h}), or {@code custom}
 */
record TimeRange(String name, Instant since, Instant until) {
  static final Map<String, Duration> NAMED = named();
  static final String DEFAULT = "24h";

  private static Map<String, Duration> named() {
    Map<String, Duration> m = new LinkedHashMap<>();
    m.put("1h", Duration.ofHours(1));
    m.put("24h", Duration.ofHours(24));
    m.put("7d", Duration.ofDays(7));
    m.put("30d", Duration.ofDays(30));
    return Collections.unmodifiableMap(m);
  }

  /**
   * The range a request asks for.
   *
   * @throws HttpError 400 naming the parameter when it is not a known range or not an instant
   */
  static TimeRange of(Request request, Clock clock) {
    Instant now = clock.now();
    String since = request.query().get("since");
    String until = request.query().get("until");
    if (since == null && until != null) {
      throw HttpError.badRequest("until needs since");
    }
    if (since != null) {
      Instant from = instant("since", since);
      Instant to = until == null ? now.plusMillis(1) : instant("until", until);
      if (!to.isAfter(from)) {
        throw HttpError.badRequest("until must be after since");
      }
      return new TimeRange("custom", from, to);
    }
    String name = request.query().getOrDefault("range", DEFAULT).trim();
    Duration length = NAMED.get(name);
    if (length == null) {
      throw HttpError.badRequest("range must be one of " + String.join(", ", NAMED.keySet()));
    }
    return new TimeRange(name, now.minus(length), now.plusMillis(1));
  }

  /** {@code {"name", "since", "until"}}, so a page can draw its axes over the whole range. */
  ObjectNode toJson() {
    return HttpJson.object()
        .put("name", name)
        .put("since", since.toString())
        .put("until", until.toString());
  }

  /** True when a request names a range ({@code range}, {@code since} or {@code until}). */
  static boolean asked(Request request) {
    return request.query().containsKey("range")
        || request.query().containsKey("since")
        || request.query().containsKey("until");
  }

  private static Instant instant(String parameter, String value) {
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw HttpError.badRequest(
          parameter + " must be an ISO-8601 instant such as 2026-11-21T10:00:00Z");
    }
  }
}
