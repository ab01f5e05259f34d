package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CustomMetricTest {
  @Test
  void aLabelTheReporterAddsItselfIsRefusedWithItsName() {
    for (String label : List.of("kind", "kind_index", "phase", "job", "integration_type")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> CustomMetric.of("api_calls", "calls", label));
      assertTrue(e.getMessage().contains("'" + label + "'"), e.getMessage());
    }
  }

  @Test
  void aNameOrLabelThePayloadUsesIsRefused() {
    for (String key : Phase.PAYLOAD_FIELDS) {
      assertThrows(IllegalArgumentException.class, () -> CustomMetric.of(key, "x"));
      assertThrows(IllegalArgumentException.class, () -> CustomMetric.of("api_calls", "x", key));
    }
  }

  @Test
  void namesOfSyncmetricsOwnMetricsAreTaken() {
    for (String name : List.of("sync_duration_seconds", "syncmetrics_info", "push_time_seconds")) {
      assertThrows(IllegalArgumentException.class, () -> CustomMetric.of(name, "x"));
    }
  }

  @Test
  void aValidMetricKeepsItsLabelsInOrder() {
    CustomMetric m = CustomMetric.of("api_calls", "Calls made", "endpoint", "method");
    assertEquals(List.of("endpoint", "method"), m.labels());
  }

  @Test
  void aRepeatedLabelIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CustomMetric.of("api_calls", "x", "a", "a"));
  }
}
