package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Guards routes with a token: {@code Authorization: Bearer <token>}, or HTTP Basic with the token
 * as the password (any user name), which is what a browser sends after asking for it, so the
 * dashboard works behind a read token without any code of its own. Tokens are compared in constant
 * time and never appear in an answer.
 *
 * <pre>{@code
 * BearerAuth writes = BearerAuth.of("the write API", List.of(apiToken), BearerAuth.BEARER);
 * writes.check(request);               // 401 unless it carries the token (none configured: open)
 * }</pre>
 */
final class BearerAuth {
  static final BearerAuth OPEN = new BearerAuth("", List.of(), "");

  /** Makes a browser ask for a user name and password, then send them with every request. */
  static final String BASIC = "Basic realm=\"syncmetrics catalog\", charset=\"UTF-8\"";

  static final String BEARER = "Bearer realm=\"catalog\"";

  private final String what;
  private final List<byte[]> tokens;
  private final String challenge;

  private BearerAuth(String what, List<byte[]> tokens, String challenge) {
    this.what = what;
    this.tokens = tokens;
    this.challenge = challenge;
  }

  /**
   * @param what what the token guards, for the refusal ("the write API")
   * @param tokens the tokens accepted; null entries are ignored, and none at all leaves it open
   * @param challenge the {@code WWW-Authenticate} of a refusal: {@link #BASIC} or {@link #BEARER}
   */
  static BearerAuth of(String what, List<String> tokens, String challenge) {
    List<byte[]> accepted = new ArrayList<>();
    for (String t : tokens) {
      if (t != null) {
        accepted.add(t.getBytes(StandardCharsets.UTF_8));
      }
    }
    return accepted.isEmpty() ? OPEN : new BearerAuth(what, List.copyOf(accepted), challenge);
  }

  boolean open() {
    return tokens.isEmpty();
  }

  /**
   * @throws HttpError 401 when tokens are configured and the request carries none of them
   */
  void check(Request request) {
    if (tokens.isEmpty()) {
      return;
    }
    String header = request.header("Authorization");
    String problem;
    if (header == null) {
      problem =
          "missing Authorization header: "
              + what
              + " needs a token; send Authorization: Bearer <token>";
    } else {
      byte[] given = given(header.trim());
      if (given == null) {
        problem = "Authorization must be a Bearer token (or Basic with the token as password)";
      } else if (!accepted(given)) {
        problem = "the token is not valid for " + what;
      } else {
        return;
      }
    }
    throw new HttpError(401, problem, Map.of("WWW-Authenticate", challenge));
  }

  private static byte[] given(String header) {
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        return null;
      }
    }
    return null;
  }

  private boolean accepted(byte[] given) {
    boolean ok = false;
    for (byte[] token : tokens) {
      ok |= MessageDigest.isEqual(token, given); // every token compared, in constant time each
    }
    return ok;
  }
}
