package dev.syncmetrics.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a running catalog's entity API, and waits (with a deadline) for what it should come to
 * hold.
 *
 * <pre>{@code
 * CatalogReads reads = new CatalogReads(catalog.baseUrl());
 * JsonNode runtime = reads.await("integration_kind_phase_metrics", "github-live-__runtime__",
 *     p -> "syncing".equals(p.path("sync_state").asText()), Duration.ofSeconds(10));
 * }</pre>
 */
public final class CatalogReads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;

  public CatalogReads(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** The entity's properties, or empty when the catalog does not hold it. */
  public Optional<JsonNode> properties(String blueprint, String identifier) {
    return get(entityPath(blueprint, identifier)).map(e -> e.path("properties"));
  }

  /** The properties of every history point of the entity, newest first; empty when none. */
  public List<JsonNode> history(String blueprint, String identifier) {
    List<JsonNode> points = new ArrayList<>();
    get(entityPath(blueprint, identifier) + "/history?limit=10000")
        .ifPresent(h -> h.path("history").forEach(p -> points.add(p.path("properties"))));
    return points;
  }

  /** GETs a path of the catalog; empty on 404. */
  public Optional<JsonNode> get(String path) {
    try {
      return Optional.of(JSON.readTree(URI.create(base + path).toURL()));
    } catch (FileNotFoundException notFound) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    }
  }

  /**
   * Waits until the entity's properties satisfy {@code until}, polling every 20 ms, and returns
   * them; fails when the deadline passes first.
   */
  public JsonNode await(
      String blueprint, String identifier, Predicate<JsonNode> until, java.time.Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Optional<JsonNode> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = properties(blueprint, identifier);
      if (last.isPresent() && until.test(last.get())) {
        return last.get();
      }
      ServerProcess.sleep(20);
    }
    throw new AssertionError(
        blueprint
            + "/"
            + identifier
            + " did not come to what was awaited within "
            + within
            + "; last seen: "
            + last.map(JsonNode::toString).orElse("(absent)"));
  }

  private static String entityPath(String blueprint, String identifier) {
    return "/api/blueprints/"
        + blueprint
        + "/entities/"
        + URLEncoder.encode(identifier, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
