package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.http.HttpError;
import dev.syncmetrics.internal.catalog.http.Request;
import dev.syncmetrics.internal.catalog.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files from the classpath: {@code /} and {@code /assets/**} from {@code catalog/},
 * {@code /webjars/**} from {@code META-INF/resources/webjars/} (Chart.js). Only known file types
 * are served, and no path can leave those folders.
 */
final class StaticFiles {
  /** Scripts, styles and data only from this server; nothing inline, no frames. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  Response index(Request request) {
    return file("catalog/index.html", "no-cache");
  }

  Response asset(Request request) {
    return file("catalog/" + safe(request.rest()), "no-cache");
  }

  Response webjar(Request request) {
    // webjar paths carry the library's version, so they can be cached
    return file("META-INF/resources/webjars/" + safe(request.rest()), "public, max-age=86400");
  }

  private Response file(String resource, String cacheControl) {
    String type = TYPES.get(extension(resource));
    byte[] bytes = type == null ? null : cached(resource);
    if (bytes == null) {
      throw HttpError.notFound("no such file: /" + resource.substring(resource.indexOf('/') + 1));
    }
    return Response.of(200, type, bytes)
        .withHeader("Cache-Control", cacheControl)
        .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .withHeader("Referrer-Policy", "no-referrer");
  }

  /** Files found are kept; names not found are not, so no request can grow the cache. */
  private byte[] cached(String resource) {
    byte[] bytes = cache.get(resource);
    if (bytes == null) {
      try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          return null;
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        return null;
      }
      cache.put(resource, bytes);
    }
    return bytes;
  }

  /** The path below a folder, refused when it could climb out of it. */
  private static String safe(String rest) {
    for (String segment : rest.split("/")) {
      if (segment.equals("..")
          || segment.equals(".")
          || segment.contains("\\")
          || segment.indexOf('\0') >= 0) {
        throw HttpError.notFound("no such file");
      }
    }
    return rest;
  }

  private static String extension(String resource) {
    int slash = resource.lastIndexOf('/');
    int dot = resource.lastIndexOf('.');
    return dot > slash ? resource.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
