package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.Request;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages from writing to the catalog (DNS rebinding): a page on {@code evil.example} whose
 * name is made to resolve to 127.0.0.1 is same-origin with the catalog in the browser's eyes, so
 * only the names it was reached by tell it apart.
 *
 * <ul>
 *   <li>A write (any method but GET, HEAD and OPTIONS) that a browser sends, that is one with an
 *       {@code Origin} or {@code Sec-Fetch-Site} header, must come from an allowed host: the
 *       loopback names, the bind address and {@code --allowed-hosts}; never from {@code Origin:
 *       null} or a {@code cross-site} page. Reporters, curl and proxies send neither header and are
 *       not affected.
 *   <li>When {@code --allowed-hosts} is given, every request's {@code Host} must be one of them (or
 *       a loopback name), so a rebinding page cannot read either.
 * </ul>
 *
 * <pre>{@code
 * BrowserGuard guard = new BrowserGuard("127.0.0.1", List.of("catalog.example.com"));
 * guard.checkHost(request);    // 403 for Host: evil.example
 * guard.checkWrite(request);   // 403 for Origin: http://evil.example:8080
 * }</pre>
 */
final class BrowserGuard {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final Set<String> allowed = new LinkedHashSet<>();
  private final boolean hostsGiven;

  /**
   * @param bind the address the catalog listens on
   * @param allowedHosts names ({@code host} or {@code host:port}) the catalog is reached by
   */
  BrowserGuard(String bind, List<String> allowedHosts) {
    allowed.addAll(LOOPBACK);
    String b = bind.toLowerCase(Locale.ROOT);
    if (!b.equals("0.0.0.0") && !b.equals("::") && !b.equals("[::]")) {
      allowed.add(b.contains(":") && !b.startsWith("[") ? "[" + b + "]" : b);
    }
    for (String host : allowedHosts) {
      allowed.add(host.toLowerCase(Locale.ROOT));
    }
    this.hostsGiven = !allowedHosts.isEmpty();
  }

  /**
   * Checks one {@code --allowed-hosts} entry.
   *
   * @return the entry, trimmed
   * @throws IllegalArgumentException for a blank name, or one with a scheme, path or space
   */
  static String checkHostName(String host) {
    String h = host.trim();
    if (h.isEmpty() || !h.matches("[A-Za-z0-9.\\-_\\[\\]:]+")) {
      throw new IllegalArgumentException(
          "allowed host '"
              + host
              + "' must be a host name or address, optionally with :port"
              + " (such as catalog.example.com or 10.0.0.5:8080)");
    }
    return h;
  }

  /**
   * @throws HttpError 403 when hosts were given and the request's {@code Host} is not one of them
   */
  void checkHost(Request request) {
    if (!hostsGiven) {
      return;
    }
    String host = request.header("Host");
    if (host == null || !allows(host.trim().toLowerCase(Locale.ROOT))) {
      throw new HttpError(
          403,
          "this catalog does not answer to Host "
              + (host == null ? "(none)" : "'" + host + "'")
              + "; add it to --allowed-hosts");
    }
  }

  /**
   * @throws HttpError 403 for a write sent by a page that is not from an allowed host
   */
  void checkWrite(Request request) {
    String method = request.method();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return;
    }
    String site = request.header("Sec-Fetch-Site");
    if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
      throw new HttpError(403, "writes from another site's web page are refused");
    }
    String origin = request.header("Origin");
    if (origin == null) {
      return;
    }
    String host = originHost(origin.trim());
    if (host == null || !allows(host)) {
      throw new HttpError(
          403,
          "writes from web pages of "
              + (host == null ? "an opaque origin" : "'" + host + "'")
              + " are refused; add the host to --allowed-hosts if it is yours");
    }
  }

  /** {@code host:port} (or {@code host}) of an {@code Origin}, lower case; null when opaque. */
  private static String originHost(String origin) {
    if (origin.equalsIgnoreCase("null")) {
      return null;
    }
    try {
      URI uri = new URI(origin);
      String host = uri.getHost();
      if (host == null) {
        return null;
      }
      host = host.toLowerCase(Locale.ROOT);
      return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** An entry matches {@code host:port} exactly, and {@code host} alone matches any port. */
  private boolean allows(String hostAndPort) {
    if (allowed.contains(hostAndPort)) {
      return true;
    }
    int colon = hostAndPort.lastIndexOf(':');
    boolean hasPort = colon > 0 && hostAndPort.indexOf(']') < colon;
    return hasPort && allowed.contains(hostAndPort.substring(0, colon));
  }
}
