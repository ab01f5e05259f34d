package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
  @Test
  void readsEveryShippedRuleWithItsExpressionAsWritten() throws Exception {
    Map<String, String> rules = AlertRules.load();
    assertEquals(
        List.of(
            "SyncKindFailed",
            "SyncRunFailed",
            "SyncNotSucceededRecently",
            "SyncPushRejected",
            "SyncLoadedFarFewerThanExtracted",
            "SyncRunNeverEnded",
            "SyncPushgatewayDown"),
        List.copyOf(rules.keySet()));
    assertEquals("sync_success{kind!=\"__runtime__\"} == 0", rules.get("SyncKindFailed"));
    assertEquals(
        "sync_success{kind=\"__runtime__\"} == 0\n"
            + "unless on (job, integration_type, integration_identifier)\n"
            + "  (sync_success{kind!=\"__runtime__\"} == 0)",
        rules.get("SyncRunFailed"));
    assertTrue(rules.get("SyncLoadedFarFewerThanExtracted").endsWith("(sync_success == 0)"));
  }

  @Test
  void aBlockEndsWhereTheIndentationComesBack() {
    String yaml =
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: |\n          x\n\n"
            + "            or y\n        for: 5m\n      - alert: B\n        expr: up == 0\n";
    assertEquals(Map.of("A", "x\n\n  or y", "B", "up == 0"), AlertRules.parse(yaml));
  }

  @Test
  void refusesAFoldedOrQuotedExpression() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> AlertRules.parse("- alert: A\n  expr: >-\n    x\n"));
    assertTrue(e.getMessage().contains("alert A has an expr written in a way"), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> AlertRules.parse("- alert: A\n  expr: \"x\"\n"));
  }

  @Test
  void refusesAnAlertWithoutExpression() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> AlertRules.parse("- alert: A\n  labels: {}\n- alert: B\n  expr: x\n"));
    assertTrue(e.getMessage().contains("alert A has no expr"), e.getMessage());
  }
}
