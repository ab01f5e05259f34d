package dev.syncmetrics.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * URLs as the reporter sends them, parsed once by OkHttp's {@link HttpUrl} (the parser of the
 * client that sends), and made safe to log: no credentials, no query string, no fragment, and no
 * path segment that looks like a token.
 *
 * <pre>{@code
 * Urls.redact("https://user:pw@hooks.example.com/in/Ab12Cd34Ef56Gh78?token=x")
 *   // "https://***@hooks.example.com/in/***?***"
 * Urls.parse("http://127.0.0.1:99999/hook").problem()
 *   // "has port '99999': a port must be a number from 1 to 65535"
 * }</pre>
 */
public final class Urls {
  /** A path segment of 16 or more characters holding both letters and digits: probably a key. */
  private static final Pattern TOKEN_LIKE =
      Pattern.compile(
          "(?=[A-Za-z0-9_\\-.~%]*[0-9])(?=[A-Za-z0-9_\\-.~%]*[A-Za-z])[A-Za-z0-9_\\-.~%]{16,}");

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)");
  private static final Pattern OKHTTP_QUOTED = Pattern.compile("\"([^\"]*)\"");

  private Urls() {}

  /**
   * A URL parsed for sending, or what is wrong with it.
   *
   * @param url the parsed URL, or null when it cannot be sent
   * @param problem what is wrong, to follow "X was '...' but", or null when {@code url} is set
   */
  public record Parsed(HttpUrl url, String problem) {}

  /**
   * Parses an {@code http://} or {@code https://} URL exactly as OkHttp will send it: a port from 1
   * to 65535, a host OkHttp accepts (international names become their ASCII form).
   */
  public static Parsed parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      return new Parsed(null, "must not be empty");
    }
    Matcher scheme = SCHEME.matcher(s);
    if (!scheme.find()
        || !(scheme.group(1).equalsIgnoreCase("http://")
            || scheme.group(1).equalsIgnoreCase("https://"))) {
      return new Parsed(null, "must start with http:// or https://");
    }
    try {
      return new Parsed(HttpUrl.get(s), null);
    } catch (IllegalArgumentException e) {
      return new Parsed(null, describe(e.getMessage()));
    }
  }

  /** OkHttp's reason in words, without the URL's text beyond the port or host that is wrong. */
  private static String describe(String okhttpMessage) {
    String m = okhttpMessage == null ? "" : okhttpMessage;
    Matcher quoted = OKHTTP_QUOTED.matcher(m);
    String part = quoted.find() ? quoted.group(1) : "";
    if (m.startsWith("Invalid URL port")) {
      return "has port '"
          + (part.length() > 12 ? part.substring(0, 12) + "..." : part)
          + "': a port must be a number from 1 to 65535";
    }
    if (m.startsWith("Invalid URL host")) {
      return "has no valid host name (letters, digits, '-' and '.', an international name, or an IP"
          + " address)";
    }
    return "is not a URL the reporter can send to";
  }

  /**
   * Returns {@code url} with userinfo, query, fragment and token-like path segments replaced. Works
   * on the text as written, so that a URL that does not parse still shows its host and port.
   */
  public static String redact(String url) {
    if (url == null) {
      return "null";
    }
    String s = url.trim();
    String suffix = "";
    int q = indexOfAny(s, '?', '#');
    if (q >= 0) {
      suffix = (s.indexOf('?') >= 0 ? "?***" : "") + (s.indexOf('#') >= 0 ? "#***" : "");
      s = s.substring(0, q);
    }
    Matcher scheme = SCHEME.matcher(s);
    String prefix = scheme.find() ? scheme.group(1) : "";
    String rest = s.substring(prefix.length());
    // userinfo wherever an '@' is (in the authority, or in a mangled URL's path)
    rest = rest.replaceAll("[^/@]*@", "***@");
    return prefix + redactPath(rest) + suffix;
  }

  private static String redactPath(String path) {
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (TOKEN_LIKE.matcher(segments[i]).matches()) {
        segments[i] = "***";
      }
    }
    return String.join("/", segments);
  }

  /**
   * The parts of a URL that may be secret, for taking them out of what a server echoes: the
   * password, the query string and each of its values, and token-like path segments.
   */
  public static List<String> secretParts(HttpUrl url) {
    List<String> parts = new ArrayList<>();
    if (url == null) {
      return parts;
    }
    if (!url.password().isEmpty()) {
      parts.add(url.password());
      parts.add(url.encodedPassword());
    }
    if (url.encodedQuery() != null) {
      parts.add(url.encodedQuery());
      if (url.query() != null) {
        parts.add(url.query());
      }
      for (int i = 0; i < url.querySize(); i++) {
        String value = url.queryParameterValue(i);
        if (value != null) {
          parts.add(value);
        }
      }
    }
    for (String segment : url.encodedPathSegments()) {
      if (TOKEN_LIKE.matcher(segment).matches()) {
        parts.add(segment);
      }
    }
    return parts;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
  }
}
