package dev.syncmetrics.internal.catalog.http;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds itself (a malformed request line or header, a bad {@code
 * Content-Length}, headers too large, a request the router never saw) as {@code {"error": ...}},
 * like every other refusal, instead of Jetty's HTML page; the reason is Jetty's short one, cleaned
 * by {@link PublicText}.
 */
final class JsonErrorHandler extends ErrorHandler {
  /** What Jetty's bare reasons mean, for the statuses it gives without one. */
  private static final Map<Integer, String> EXPLAINED =
      Map.of(
          400, "the request line, a header or the URL cannot be parsed",
          414, "the URL is longer than 8 KiB",
          417, "only Expect: 100-continue is supported",
          426, "this server speaks HTTP/1.1 (and 1.0) only",
          431, "the headers are larger than 8 KiB");

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_STATUS) instanceof Integer code) {
      status = code;
    }
    if (status < 400) {
      status = 500;
    }
    Object reason = request.getAttribute(ERROR_MESSAGE);
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    ByteBuffer body = body(status, reason == null ? null : reason.toString(), headers);
    response.write(true, body, callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    return body(status, reason, fields);
  }

  private static ByteBuffer body(int status, String reason, HttpFields.Mutable headers) {
    headers.put(HttpHeader.CONTENT_TYPE, dev.syncmetrics.internal.catalog.http.Response.JSON);
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put("X-Content-Type-Options", "nosniff");
    String words = HttpStatus.getMessage(status);
    String detail = PublicText.of(reason);
    if (detail == null || detail.isBlank() || detail.equalsIgnoreCase(words)) {
      detail = EXPLAINED.getOrDefault(status, "");
    }
    String message =
        (status >= 500 && status != 505
                ? "the catalog could not answer ("
                : "the request is malformed (")
            + status
            + " "
            + words
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")";
    return ByteBuffer.wrap(HttpJson.bytes(HttpJson.error(message)));
  }
}
