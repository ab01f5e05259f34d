package dev.syncmetrics.internal.catalog.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
  static final Handler NONE = request -> null;

  @Test
  void parametersAreTakenFromDecodedSegments() {
    Route route = new Route("GET", "/api/blueprints/{blueprint}/entities/{identifier}", NONE);

    assertEquals(
        Map.of("blueprint", "kinds", "identifier", "a/b c"),
        route.match(PathCodec.segments("/api/blueprints/kinds/entities/a%2Fb%20c")));
    assertNull(route.match(PathCodec.segments("/api/blueprints/kinds/entities")));
    assertNull(route.match(PathCodec.segments("/api/blueprints/kinds/entities/a/history")));
  }

  @Test
  void aFinalDoubleStarTakesTheRest() {
    Route route = new Route("GET", "/webjars/**", NONE);

    assertEquals(
        Map.of("**", "chart.js/4.4.1/dist/chart.umd.js"),
        route.match(PathCodec.segments("/webjars/chart.js/4.4.1/dist/chart.umd.js")));
    assertNull(route.match(PathCodec.segments("/webjars")));
  }

  @Test
  void aTrailingSlashAndEmptySegmentsDoNotMatter() {
    Route route = new Route("GET", "/api/blueprints", NONE);

    assertEquals(Map.of(), route.match(PathCodec.segments("/api/blueprints/")));
    assertEquals(List.of(), PathCodec.segments("/"));
  }

  @Test
  void queryParametersDecodePlusAndPercent() {
    assertEquals(Map.of("limit", "5", "q", "a b+c"), PathCodec.query("limit=5&q=a+b%2Bc&limit=9"));
  }

  @Test
  void malformedEscapesAndBadUtf8Are400() {
    assertEquals(400, assertThrows(HttpError.class, () -> PathCodec.decode("%4", false)).status());
    assertEquals(
        400, assertThrows(HttpError.class, () -> PathCodec.decode("%C3%28", false)).status());
  }
}
