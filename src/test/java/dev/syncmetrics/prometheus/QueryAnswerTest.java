package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static QueryAnswer vector(String... series) throws Exception {
    JsonNode data =
        JSON.readTree("{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}");
    return QueryAnswer.of(data);
  }

  private static String series(String metric, String value) {
    return "{\"metric\":" + metric + ",\"value\":[1796055137,\"" + value + "\"]}";
  }

  @Test
  void answersWithTheSameLabelSetsInAnotherOrderAndCloseValuesAreEqual() throws Exception {
    QueryAnswer a =
        vector(
            series("{\"job\":\"sync\",\"kind\":\"a\"}", "1796055131.033"),
            series("{\"kind\":\"b\",\"job\":\"sync\"}", "0.05"));
    QueryAnswer b =
        vector(
            series("{\"job\":\"sync\",\"kind\":\"b\"}", "0.05000000000001"),
            series("{\"kind\":\"a\",\"job\":\"sync\"}", "1796055131.0330002"));
    assertEquals(List.of(), a.differencesFrom(b));
  }

  @Test
  void aDifferentValueIsADifference() throws Exception {
    QueryAnswer a = vector(series("{\"kind\":\"a\"}", "5.967"));
    QueryAnswer b = vector(series("{\"kind\":\"a\"}", "5.088"));
    assertEquals(List.of("{kind=\"a\"}: 5.967 vs 5.088"), a.differencesFrom(b));
  }

  @Test
  void aMetricNameOnOneSideOnlyIsADifference() throws Exception {
    QueryAnswer a = vector(series("{\"__name__\":\"sync_success\",\"kind\":\"a\"}", "0"));
    QueryAnswer b = vector(series("{\"kind\":\"a\"}", "0"));
    assertEquals(
        List.of(
            "only in the first: {__name__=\"sync_success\", kind=\"a\"} 0.0",
            "only in the second: {kind=\"a\"} 0.0"),
        a.differencesFrom(b));
  }

  @Test
  void anEmptyAnswerDiffersFromOneWithSeries() throws Exception {
    QueryAnswer empty = vector();
    QueryAnswer one = vector(series("{\"kind\":\"a\"}", "1"));
    assertTrue(empty.isEmpty());
    assertEquals(List.of(), empty.differencesFrom(vector()));
    assertEquals(List.of("only in the second: {kind=\"a\"} 1.0"), empty.differencesFrom(one));
  }

  @Test
  void nanEqualsOnlyNanAndInfinitiesOnlyThemselves() {
    assertTrue(QueryAnswer.close(Double.NaN, Double.NaN));
    assertFalse(QueryAnswer.close(Double.NaN, 0));
    assertTrue(QueryAnswer.close(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertFalse(QueryAnswer.close(Double.POSITIVE_INFINITY, 1e308));
    assertFalse(QueryAnswer.close(0, 1e-8));
    assertTrue(QueryAnswer.close(0, 1e-14));
    assertTrue(QueryAnswer.close(1796055728.8591099, 1796055728.85911));
    assertFalse(QueryAnswer.close(1796055728.859, 1796055728.86));
  }

  @Test
  void aScalarIsOneSeriesWithoutLabels() throws Exception {
    QueryAnswer scalar =
        QueryAnswer.of(JSON.readTree("{\"resultType\":\"scalar\",\"result\":[1,\"+Inf\"]}"));
    assertEquals(List.of(), scalar.differencesFrom(vector(series("{}", "+Inf"))));
  }

  @Test
  void aRangeAnswerIsRefused() throws Exception {
    JsonNode matrix = JSON.readTree("{\"resultType\":\"matrix\",\"result\":[]}");
    assertThrows(IllegalArgumentException.class, () -> QueryAnswer.of(matrix));
  }
}
