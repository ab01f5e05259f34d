package dev.syncmetrics.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Makes URLs safe to log: no credentials, no query string, no fragment, and no path segment that
 * looks like a token.
 *
 * <pre>{@code
 * Urls.redact("https://user:pw@hooks.example.com/in/Ab12Cd34Ef56Gh78?token=x")
 *   // "https://***@hooks.example.com/in/***?***"
 * }</pre>
 */
public final class Urls {
  /** A path segment of 16 or more characters holding both letters and digits: probably a key. */
  private static final Pattern TOKEN_LIKE =
      Pattern.compile(
          "(?=[A-Za-z0-9_\\-.~%]*[0-9])(?=[A-Za-z0-9_\\-.~%]*[A-Za-z])[A-Za-z0-9_\\-.~%]{16,}");

  private Urls() {}

  /** Returns {@code url} with userinfo, query, fragment and token-like path segments replaced. */
  public static String redact(String url) {
    if (url == null) {
      return "null";
    }
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        return redactUnparsed(url);
      }
      StringBuilder s = new StringBuilder(uri.getScheme()).append("://");
      if (uri.getRawUserInfo() != null) {
        s.append("***@");
      }
      s.append(uri.getHost() == null ? "?" : uri.getHost());
      if (uri.getPort() != -1) {
        s.append(':').append(uri.getPort());
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      s.append(redactPath(path));
      if (uri.getRawQuery() != null) {
        s.append("?***");
      }
      if (uri.getRawFragment() != null) {
        s.append("#***");
      }
      return s.toString();
    } catch (URISyntaxException e) {
      return redactUnparsed(url);
    }
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

  /** For text that is not a URL at all: cut at the first '?' or '#', hide anything before '@'. */
  private static String redactUnparsed(String text) {
    String s = text;
    int cut = indexOfAny(s, '?', '#');
    boolean hadQuery = cut >= 0;
    if (hadQuery) {
      s = s.substring(0, cut);
    }
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      int schemeEnd = s.indexOf("://");
      s =
          (schemeEnd >= 0 && schemeEnd < at ? s.substring(0, schemeEnd + 3) : "")
              + "***"
              + s.substring(at);
    }
    s = redactPath(s);
    return hadQuery ? s + "?***" : s;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
  }

  /** The origin only, {@code scheme://host:port}, for messages that need no more. */
  public static String origin(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }
}
