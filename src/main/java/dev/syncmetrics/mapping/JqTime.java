package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.time.temporal.WeekFields;
import java.util.Locale;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * jq 1.6's time builtins: {@code gmtime}, {@code localtime}, {@code mktime}, {@code strftime},
 * {@code strptime}. A broken-down time is jq's array {@code [year, month (0-11), day, hours,
 * minutes, seconds, weekday (0 = Sunday), day of year (0-365)]}; seconds keep their fraction.
 */
final class JqTime {
  private JqTime() {}

  static ArrayNode brokenDown(JsonNode in, ZoneId zone, String fn) throws JsonQueryException {
    if (!in.isNumber()) {
      throw new JsonQueryException(fn + "() requires a number");
    }
    double seconds = in.asDouble();
    if (!Double.isFinite(seconds)) {
      throw new JsonQueryException(fn + "() requires a finite number");
    }
    long whole = (long) Math.floor(seconds);
    ZonedDateTime t = java.time.Instant.ofEpochSecond(whole).atZone(zone);
    ArrayNode out = JsonNodeFactory.instance.arrayNode(8);
    out.add(t.getYear()).add(t.getMonthValue() - 1).add(t.getDayOfMonth()).add(t.getHour());
    out.add(t.getMinute());
    double sec = t.getSecond() + (seconds - whole);
    out.add(sec == Math.rint(sec) ? LongNode.valueOf((long) sec) : DoubleNode.valueOf(sec));
    out.add(t.getDayOfWeek().getValue() % 7).add(t.getDayOfYear() - 1);
    return out;
  }

  private static final java.time.format.DateTimeFormatter ISO8601 =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** {@code todate} and {@code todateiso8601}: {@code strftime("%Y-%m-%dT%H:%M:%SZ")}. */
  static JsonNode todate(JsonNode in) throws JsonQueryException {
    double value = in.asDouble();
    if (in.isNumber() && value >= 0 && value < JqFastNodes.MAX_FOUR_DIGIT_YEAR_SECONDS) {
      long seconds = (long) Math.floor(value);
      return JsonNodeFactory.instance.textNode(
          ISO8601.format(java.time.Instant.ofEpochSecond(seconds)));
    }
    return strftime(in, "%Y-%m-%dT%H:%M:%SZ", ZoneOffset.UTC, "strftime/1");
  }

  static JsonNode mktime(JsonNode in) throws JsonQueryException {
    if (!in.isArray() || in.size() < 6) {
      throw new JsonQueryException("mktime requires array of 6 numbers");
    }
    return LongNode.valueOf(toDateTime(in, "mktime").toEpochSecond(ZoneOffset.UTC));
  }

  private static LocalDateTime toDateTime(JsonNode tm, String fn) throws JsonQueryException {
    for (int i = 0; i < 6; i++) {
      if (!tm.get(i).isNumber()) {
        throw new JsonQueryException(fn + " requires parsed datetime inputs");
      }
    }
    return LocalDateTime.of(tm.get(0).asInt(), 1, 1, 0, 0)
        .plusMonths(tm.get(1).asLong())
        .plusDays(tm.get(2).asLong() - 1)
        .plusHours(tm.get(3).asLong())
        .plusMinutes(tm.get(4).asLong())
        .plusSeconds((long) Math.floor(tm.get(5).asDouble()));
  }

  static JsonNode strftime(JsonNode in, String format, ZoneId zone, String fn)
      throws JsonQueryException {
    JsonNode tm = in.isNumber() ? brokenDown(in, zone, fn) : in;
    if (!tm.isArray() || tm.size() < 6) {
      throw new JsonQueryException(fn + " requires parsed datetime inputs");
    }
    ZonedDateTime t = toDateTime(tm, fn).atZone(zone);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        out.append(c);
        continue;
      }
      char spec = format.charAt(++i);
      out.append(field(t, spec, fn));
    }
    return JsonNodeFactory.instance.textNode(out.toString());
  }

  private static String field(ZonedDateTime t, char spec, String fn) throws JsonQueryException {
    Locale en = Locale.ENGLISH;
    int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    return switch (spec) {
      case 'Y' -> String.valueOf(t.getYear());
      case 'C' -> two(t.getYear() / 100);
      case 'y' -> two(t.getYear() % 100);
      case 'G' -> String.valueOf(t.get(IsoFields.WEEK_BASED_YEAR));
      case 'g' -> two(t.get(IsoFields.WEEK_BASED_YEAR) % 100);
      case 'm' -> two(t.getMonthValue());
      case 'd' -> two(t.getDayOfMonth());
      case 'e' -> String.format("%2d", t.getDayOfMonth());
      case 'H' -> two(t.getHour());
      case 'k' -> String.format("%2d", t.getHour());
      case 'I' -> two(hour12);
      case 'l' -> String.format("%2d", hour12);
      case 'M' -> two(t.getMinute());
      case 'S' -> two(t.getSecond());
      case 'j' -> String.format("%03d", t.getDayOfYear());
      case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, en);
      case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, en);
      case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, en);
      case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, en);
      case 'p' -> t.getHour() < 12 ? "AM" : "PM";
      case 'u' -> String.valueOf(t.getDayOfWeek().getValue());
      case 'w' -> String.valueOf(t.getDayOfWeek().getValue() % 7);
      case 'U' -> two(t.get(WeekFields.of(DayOfWeek.SUNDAY, 7).weekOfYear()));
      case 'W' -> two(t.get(WeekFields.of(DayOfWeek.MONDAY, 7).weekOfYear()));
      case 'V' -> two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case 's' -> String.valueOf(t.toEpochSecond());
      case 'z' ->
          t.getOffset().getTotalSeconds() == 0 ? "+0000" : t.getOffset().getId().replace(":", "");
      case 'Z' ->
          t.getZone().equals(ZoneOffset.UTC)
              ? "UTC"
              : t.getZone().getDisplayName(TextStyle.SHORT, en);
      case 'F' -> t.getYear() + "-" + two(t.getMonthValue()) + "-" + two(t.getDayOfMonth());
      case 'D', 'x' ->
          two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/" + two(t.getYear() % 100);
      case 'T', 'X' -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
      case 'R' -> two(t.getHour()) + ":" + two(t.getMinute());
      case 'r' ->
          two(hour12)
              + ":"
              + two(t.getMinute())
              + ":"
              + two(t.getSecond())
              + " "
              + (t.getHour() < 12 ? "AM" : "PM");
      case 'c' ->
          field(t, 'a', fn)
              + " "
              + field(t, 'b', fn)
              + " "
              + field(t, 'e', fn)
              + " "
              + field(t, 'T', fn)
              + " "
              + t.getYear();
      case 'n' -> "\n";
      case 't' -> "\t";
      case '%' -> "%";
      default -> throw new JsonQueryException(fn + ": unsupported conversion %" + spec);
    };
  }

  private static String two(int n) {
    return n < 10 && n >= 0 ? "0" + n : String.valueOf(n);
  }

  /** Parses {@code in} with a strptime format into a broken-down time (UTC). */
  static JsonNode strptime(JsonNode in, String format) throws JsonQueryException {
    if (!in.isTextual()) {
      throw new JsonQueryException("strptime/1 requires string inputs and arguments");
    }
    String s = in.asText();
    int[] f = {1900, 1, 1, 0, 0, 0}; // year, month, day, hour, minute, second
    int[] pos = {0};
    String expanded =
        format
            .replace("%T", "%H:%M:%S")
            .replace("%F", "%Y-%m-%d")
            .replace("%D", "%m/%d/%y")
            .replace("%R", "%H:%M");
    for (int i = 0; i < expanded.length(); i++) {
      char c = expanded.charAt(i);
      if (Character.isWhitespace(c)) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
          pos[0]++;
        }
      } else if (c == '%' && i + 1 < expanded.length()) {
        char spec = expanded.charAt(++i);
        if (!parseField(s, pos, spec, f)) {
          throw mismatch(s, format);
        }
      } else if (pos[0] < s.length() && s.charAt(pos[0]) == c) {
        pos[0]++;
      } else {
        throw mismatch(s, format);
      }
    }
    if (pos[0] != s.length()) {
      throw mismatch(s, format);
    }
    LocalDate date;
    try {
      date = LocalDate.of(f[0], f[1], f[2]);
    } catch (java.time.DateTimeException e) {
      throw mismatch(s, format);
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode(8);
    out.add(f[0]).add(f[1] - 1).add(f[2]).add(f[3]).add(f[4]).add(f[5]);
    out.add(date.getDayOfWeek().getValue() % 7).add(date.getDayOfYear() - 1);
    return out;
  }

  private static boolean parseField(String s, int[] pos, char spec, int[] f) {
    return switch (spec) {
      case 'Y' -> number(s, pos, 4, f, 0);
      case 'm' -> number(s, pos, 2, f, 1);
      case 'd', 'e' -> number(s, pos, 2, f, 2);
      case 'H' -> number(s, pos, 2, f, 3);
      case 'M' -> number(s, pos, 2, f, 4);
      case 'S' -> number(s, pos, 2, f, 5);
      case 'y' -> {
        boolean ok = number(s, pos, 2, f, 0);
        f[0] += f[0] < 69 ? 2000 : 1900;
        yield ok;
      }
      case 'Z' -> {
        int start = pos[0];
        while (pos[0] < s.length() && Character.isLetter(s.charAt(pos[0]))) {
          pos[0]++;
        }
        yield pos[0] > start;
      }
      case 'z' -> {
        int start = pos[0];
        if (pos[0] < s.length() && (s.charAt(pos[0]) == '+' || s.charAt(pos[0]) == '-')) {
          pos[0]++;
        }
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
          pos[0]++;
        }
        yield pos[0] - start == 5;
      }
      case '%' -> pos[0] < s.length() && s.charAt(pos[0]++) == '%';
      default -> false;
    };
  }

  private static boolean number(String s, int[] pos, int maxDigits, int[] f, int index) {
    int start = pos[0];
    while (pos[0] < s.length()
        && pos[0] - start < maxDigits
        && Character.isDigit(s.charAt(pos[0]))) {
      pos[0]++;
    }
    if (pos[0] == start) {
      return false;
    }
    f[index] = Integer.parseInt(s.substring(start, pos[0]));
    return true;
  }

  private static JsonQueryException mismatch(String s, String format) {
    return new JsonQueryException("date \"" + s + "\" does not match format \"" + format + "\"");
  }
}
