package dev.syncmetrics.internal.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CanonicalPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void aBodyThatIsNotAMetricsPayloadIsLeftAsItIs() throws Exception {
    JsonNode body = json("{'event_id':'e','action':'opened'}");
    CanonicalPayload p = CanonicalPayload.of(body);
    assertSame(body, p.body());
    assertEquals(CanonicalPayload.Origin.OTHER, p.origin());
    assertNull(p.notAResult());
  }

  @Test
  void aSeedPayloadGetsTheCamelCaseSpellingsAndKeepsEverythingItHad() throws Exception {
    JsonNode sent =
        json(
            "{'integration_type':'github','integration_identifier':'gh','reporter_version':'0.1.0',"
                + "'event_id':'e','kind_identifier':'merge-request-12','kind':'merge-request',"
                + "'kind_index':12,'metrics':{'phase':{'extract':{'object_count':120,"
                + "'duration_seconds':1.2,'object_count_type':{'raw_extracted':{'object_count':120}}},"
                + "'resync':{'duration_seconds':4.1,'success':1}}}}");
    CanonicalPayload p = CanonicalPayload.of(sent);
    JsonNode b = p.body();
    assertEquals(CanonicalPayload.Origin.SYNCMETRICS, p.origin());
    assertTrue(p.idsIdentifyDeliveries());
    assertEquals("github", b.get("integrationType").asText());
    assertEquals("merge-request-12", b.get("kindIdentifier").asText());
    assertEquals(12, b.get("kindIndex").asInt());
    assertEquals(1.2, b.at("/metrics/phase/extract/durationSeconds").asDouble());
    assertEquals(
        120, b.at("/metrics/phase/extract/objectCountType/rawExtracted/objectCount").asInt());
    assertEquals(4.1, b.at("/metrics/phase/resync/durationSeconds").asDouble());
    assertContains(sent, b);
    assertEquals(120, b.at("/metrics/phase/extract/object_count").asInt());
    assertTrue(!sent.has("integrationType"), "the body sent is not touched");
  }

  /** Every value of {@code sent} is in {@code canonical}, unchanged. */
  private static void assertContains(JsonNode sent, JsonNode canonical) {
    if (!sent.isObject()) {
      assertEquals(sent, canonical);
      return;
    }
    sent.fields().forEachRemaining(e -> assertContains(e.getValue(), canonical.path(e.getKey())));
  }

  @Test
  void ocean0220PlainCountsGetTheirTypesAsWholeNumbersAndDeletionCountBecomesDeleted()
      throws Exception {
    JsonNode b =
        CanonicalPayload.of(
                json(
                    "{'integration_type':'github','integration_identifier':'gh',"
                        + "'ocean_version':'0.22.0','kind_identifier':'__runtime__','kind':'',"
                        + "'metrics':{'phase':{'extract':{'object_count':120.0},"
                        + "'delete':{'duration_seconds':0.42,'deletion_count':3.0}}}}"))
            .body();
    JsonNode raw = b.at("/metrics/phase/extract/object_count_type/raw_extracted/object_count");
    assertTrue(raw.isIntegralNumber(), raw.toString());
    assertEquals(120, raw.asInt());
    assertEquals(3, b.at("/metrics/phase/delete/object_count").asInt());
    assertEquals(3, b.at("/metrics/phase/delete/objectCountType/deleted/objectCount").asInt());
    assertTrue(b.at("/metrics/phase/extract/object_count").isDouble(), "the sent value stays");
    assertTrue(b.path("kind_index").isMissingNode(), "__runtime__ has no kind_index");
    assertEquals(0, b.get("kindIndex").asInt());
  }

  @Test
  void theKindIndexIsReadFromTheIdentifierNotFromOceansLastCharacter() throws Exception {
    JsonNode b =
        CanonicalPayload.of(
                json(
                    "{'integrationType':'github','oceanVersion':'0.27.9',"
                        + "'kindIdentifier':'pull-request-12','kindIndex':2,'metrics':{}}"))
            .body();
    assertEquals(12, b.get("kind_index").asInt());
    assertEquals(2, b.get("kindIndex").asInt(), "what Ocean sent is kept");
  }

  @Test
  void oceanNoticesAreRecognisedAndNothingElse() throws Exception {
    String head = "{'integrationType':'github','oceanVersion':'0.48.12','kindIdentifier':";
    assertTrue(
        CanonicalPayload.of(
                json(head + "'__reconciliation__','syncState':'completed','metrics':{}}"))
            .notAResult()
            .contains("__reconciliation__"));
    assertTrue(
        CanonicalPayload.of(json(head + "'__runtime__','syncState':'syncing','metrics':{}}"))
            .notAResult()
            .contains("still under way"));
    assertNull(
        CanonicalPayload.of(json(head + "'repository-0','syncState':'aborted','metrics':{}}"))
            .notAResult());
    String zeroed = "'metrics':{'phase':{'resync':{'duration_seconds':0.0,'success':0.0}}}}";
    assertTrue(
        CanonicalPayload.of(
                json(
                    "{'integration_type':'github','ocean_version':'0.22.9','kind_identifier':"
                        + "'repository-0','sync_state':'completed',"
                        + zeroed))
            .notAResult()
            .contains("zeroed"));
    assertNull(
        CanonicalPayload.of(
                json(
                    "{'integrationType':'github','oceanVersion':'0.48.12','kindIdentifier':"
                        + "'repository-0','syncState':'aborted',"
                        + zeroed))
            .notAResult(),
        "an aborted kind of 0.48 is a result, whatever its figures");
    assertNull(
        CanonicalPayload.of(
                json(
                    "{'integration_type':'github','reporter_version':'0.1.0','kind_identifier':"
                        + "'__runtime__','sync_state':'syncing','metrics':{}}"))
            .notAResult(),
        "the reporter's own payloads are mapped whatever their state");
  }
}
