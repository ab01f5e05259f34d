package dev.syncmetrics.internal.push;

import dev.syncmetrics.internal.config.Urls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failure reasons safe to log and to put in a {@code ReportResult}: the status of a failed answer
 * and a short excerpt of its body with everything that may be a secret taken out, since a server
 * may echo what it received (docs/configuration.md, "What is never logged").
 *
 * <pre>{@code
 * FailureText text = new FailureText(List.of(webhookSecret));
 * text.status(500, "echo: POST /hook?token=abc Authorization: Basic dXNlcjpwdw==")
 *   // "HTTP 500: echo: POST /hook?*** Authorization: ***"
 * }</pre>
 *
 * <p>Taken out: the configured secrets (also URL-encoded or in Base64), URL credentials and query
 * strings, {@code Authorization} values and {@code Basic}/{@code Bearer} tokens, the values of
 * {@code password=}, {@code token:} and the like, and long strings of letters and digits that look
 * like keys. Control characters go; the excerpt is at most {@value #MAX_EXCERPT} characters.
 */
final class FailureText {
  /** Characters of a body read to make an excerpt from. */
  static final int READ_LIMIT = 2048;

  static final int MAX_EXCERPT = 120;

  /** A secret shorter than this would hide ordinary words; such secrets are not configurable. */
  private static final int MIN_SECRET = 4;

  private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]+");

  /** A query string outside a URL: a '?' and text with an '='. */
  private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"'<>?]*=[^\\s\"'<>]*");

  private static final String CREDENTIAL_SCHEME =
      "(?:(?:basic|bearer|digest|token|negotiate)\\s+)?";
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization|cookie|set-cookie)(\"?\\s*[:=]\\s*\"?)"
              + CREDENTIAL_SCHEME
              + "[^\\s\",;]+");
  private static final Pattern SCHEME_TOKEN =
      Pattern.compile("(?i)\\b(basic|bearer|digest|token)(\\s+)[A-Za-z0-9+/=._~-]{6,}");
  private static final Pattern NAMED_VALUE =
      Pattern.compile(
          "(?i)([a-z0-9_-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|auth|signature"
              + "|credential|session)[a-z0-9_-]*)(\"?\\s*[:=]\\s*\"?)[^\\s\"'&,;}]+");

  /** 24 or more letters, digits, {@code + = _ -} with both a letter and a digit: a key. */
  private static final Pattern KEY_LIKE =
      Pattern.compile("(?=[A-Za-z0-9+=_-]*[0-9])(?=[A-Za-z0-9+=_-]*[A-Za-z])[A-Za-z0-9+=_-]{24,}");

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\p{Cf}]+");
  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private final List<String> secrets;

  /**
   * @param secrets the configured secrets (the HMAC key, passwords, URL query values); nulls and
   *     short ones are ignored
   */
  FailureText(Collection<String> secrets) {
    Set<String> all = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.length() < MIN_SECRET) {
        continue;
      }
      all.add(s);
      all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
      all.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }
    List<String> ordered = new ArrayList<>(all);
    ordered.sort(Comparator.comparingInt(String::length).reversed()); // longest first
    this.secrets = List.copyOf(ordered);
  }

  /** {@code HTTP <status>}, then {@code : <excerpt>} when the body says anything. */
  String status(int status, String bodyStart) {
    String excerpt = excerpt(bodyStart);
    return "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
  }

  /**
   * A redirect, which is never followed: a POST (or PUT) sent again to the new address would arrive
   * as a GET without its body, or not be where the operator thinks.
   *
   * @param location the {@code Location} header as received (relative or absolute), or null
   * @param target the URL the request went to, for resolving a relative location
   */
  String redirect(int status, String location, okhttp3.HttpUrl target) {
    String where = "no Location";
    if (location != null && !location.isBlank()) {
      okhttp3.HttpUrl resolved = target == null ? null : target.resolve(location.trim());
      where = clean(Urls.redact(resolved == null ? location.trim() : resolved.toString()));
    }
    return "HTTP "
        + status
        + " redirect to "
        + where
        + ", not followed: set the URL to where it should go";
  }

  /** At most {@value #MAX_EXCERPT} characters of {@code text}, cleaned. */
  String excerpt(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = text;
    if (s.length() >= READ_LIMIT) {
      // read cut short: drop the last word, which may be part of a secret the patterns miss
      s = s.substring(0, READ_LIMIT);
      int cut = Math.max(s.lastIndexOf(' '), s.lastIndexOf('\n'));
      s = cut > 0 ? s.substring(0, cut) : "";
    }
    s = clean(s);
    if (s.length() > MAX_EXCERPT) {
      s = s.substring(0, MAX_EXCERPT) + "...";
    }
    return s;
  }

  /** {@code text} with secrets taken out and blanks collapsed; any length. */
  String clean(String text) {
    if (text == null) {
      return "";
    }
    String s = CONTROL.matcher(text).replaceAll(" ");
    for (String secret : secrets) {
      s = s.replace(secret, "***");
    }
    s = replace(URL, s, m -> Urls.redact(m.group()));
    s = QUERY.matcher(s).replaceAll("?***");
    s = AUTHORIZATION.matcher(s).replaceAll("$1$2***");
    s = SCHEME_TOKEN.matcher(s).replaceAll("$1$2***");
    s = NAMED_VALUE.matcher(s).replaceAll("$1$2***");
    s = KEY_LIKE.matcher(s).replaceAll("***");
    return BLANKS.matcher(s).replaceAll(" ").trim();
  }

  private static String replace(
      Pattern p, String s, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
