package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Guards the write API with {@code Authorization: Bearer <token>} when a token is configured. */
final class BearerAuth {
  private final byte[] token;

  /**
   * @param token the API token, or null to leave the write API open
   */
  BearerAuth(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws HttpError 401 when a token is configured and the request does not carry it
   */
  void check(Request request) {
    if (token == null) {
      return;
    }
    String header = request.header("Authorization");
    String problem;
    if (header == null) {
      problem = "missing Authorization header; send Authorization: Bearer <api token>";
    } else if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      problem = "Authorization must be a Bearer token";
    } else if (!MessageDigest.isEqual(
        token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
      problem = "the API token is not valid";
    } else {
      return;
    }
    throw new HttpError(401, problem, Map.of("WWW-Authenticate", "Bearer realm=\"catalog\""));
  }
}
