package dev.syncmetrics.internal.catalog.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A method and a path template such as {@code /api/blueprints/{blueprint}/entities}; a final {@code
 * **} segment matches the rest of the path (one segment or more).
 */
public record Route(String method, String template, Handler handler) {
  public Route {
    Objects.requireNonNull(method, "method must not be null");
    Objects.requireNonNull(template, "template must not be null");
    Objects.requireNonNull(handler, "handler must not be null");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("route template must start with '/': " + template);
    }
  }

  /** The path parameters when {@code segments} fit the template, else null. */
  Map<String, String> match(List<String> segments) {
    List<String> parts = PathCodec.templateSegments(template);
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (part.equals("**") && i == parts.size() - 1) {
        if (segments.size() <= i) {
          return null;
        }
        params.put("**", String.join("/", segments.subList(i, segments.size())));
        return params;
      }
      if (i >= segments.size()) {
        return null;
      }
      if (part.startsWith("{") && part.endsWith("}")) {
        params.put(part.substring(1, part.length() - 1), segments.get(i));
      } else if (!part.equals(segments.get(i))) {
        return null;
      }
    }
    return parts.size() == segments.size() ? params : null;
  }
}
