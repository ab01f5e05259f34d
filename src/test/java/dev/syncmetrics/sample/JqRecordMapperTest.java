package dev.syncmetrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.sample.Mapped.Outcome;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled jq mappings, run by the real mapping engine, on records like the bundled ones. */
class JqRecordMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<SampleKind, RecordMapper> MAPPERS = JqRecordMapper.bundled();

  private static Mapped map(int kind, String record) throws IOException {
    return MAPPERS.get(SampleKind.ALL.get(kind)).map(JSON.readTree(record));
  }

  @Test
  void aRepositoryBecomesAnEntityWithItsOwnerAsARelation() throws IOException {
    Mapped m =
        map(
            0,
            "{\"id\":1,\"name\":\"repo-0001\",\"owner\":{\"login\":\"user-0039\"},"
                + "\"language\":\"Java\",\"stars\":\"12\",\"forks\":3,\"archived\":false,"
                + "\"default_branch\":\"main\",\"revision\":2,\"created_at\":\"2017-10-14T23:25:00Z\"}");
    assertEquals(Outcome.ENTITY, m.outcome(), String.valueOf(m.error()));
    JsonNode e = m.entity();
    assertEquals("repo-0001", e.get("identifier").asText());
    assertEquals(12, e.get("properties").get("stars").asInt());
    assertEquals(2, e.get("properties").get("revision").asInt());
    assertEquals("user-0039", e.get("relations").get("owner").asText());
  }

  @Test
  void archivedRepositoriesAreFilteredOutAndMalformedOnesFail() throws IOException {
    assertEquals(
        Outcome.FILTERED,
        map(
                0,
                "{\"id\":2,\"name\":\"r\",\"archived\":true,"
                    + "\"owner\":{\"login\":\"u\"},\"stars\":1}")
            .outcome());
    assertEquals(
        Outcome.FAILED,
        map(0, "{\"id\":3,\"name\":\"r\",\"archived\":false," + "\"owner\":\"acme\",\"stars\":1}")
            .outcome());
    assertEquals(
        Outcome.FAILED,
        map(
                0,
                "{\"id\":4,\"name\":\"r\",\"archived\":false,"
                    + "\"owner\":{\"login\":\"u\"},\"stars\":\"many\"}")
            .outcome());
  }

  @Test
  void botsAreFilteredOutAndUsersWithoutALoginFail() throws IOException {
    Mapped ada =
        map(
            1,
            "{\"id\":1,\"login\":\"User-0001\",\"name\":\"Ada\",\"type\":\"User\","
                + "\"email\":\"a@example.com\",\"site_admin\":false,\"revision\":0}");
    assertEquals("user-0001", ada.identifier());
    assertEquals(
        Outcome.FILTERED, map(1, "{\"id\":2,\"login\":\"bot-0002\",\"type\":\"Bot\"}").outcome());
    assertEquals(
        Outcome.FAILED,
        map(1, "{\"id\":3,\"login\":null,\"type\":\"User\",\"name\":\"x\"}").outcome());
  }

  @Test
  void issuesByGhostAreFilteredOutAndUncountableCommentsFail() throws IOException {
    Mapped issue =
        map(
            2,
            "{\"id\":1,\"repo\":\"repo-0195\",\"number\":7,\"title\":\"Crash\","
                + "\"state\":\"open\",\"author\":\"user-0133\",\"labels\":[\"bug\"],\"comments\":8,"
                + "\"revision\":0}");
    assertEquals("repo-0195-7", issue.identifier());
    assertEquals("repo-0195", issue.entity().get("relations").get("repository").asText());
    assertEquals(
        Outcome.FILTERED,
        map(2, "{\"id\":2,\"repo\":\"r\",\"number\":1," + "\"author\":\"ghost\",\"comments\":1}")
            .outcome());
    assertEquals(
        Outcome.FAILED,
        map(
                2,
                "{\"id\":3,\"repo\":\"r\",\"number\":2,"
                    + "\"author\":\"user-0001\",\"comments\":\"n/a\"}")
            .outcome());
  }

  @Test
  void draftMergeRequestsAreFilteredOutAndOnesWithAPlainAuthorFail() throws IOException {
    Mapped mr =
        map(
            3,
            "{\"id\":1,\"project\":\"repo-0106\",\"iid\":4,\"title\":\"Build\","
                + "\"state\":\"merged\",\"draft\":false,\"author\":{\"username\":\"user-0377\"},"
                + "\"source_branch\":\"feature/x\",\"target_branch\":\"main\",\"commits\":13,"
                + "\"revision\":1}");
    assertEquals("repo-0106-mr-4", mr.identifier());
    assertEquals("user-0377", mr.entity().get("relations").get("author").asText());
    assertEquals(
        Outcome.FILTERED,
        map(
                3,
                "{\"id\":2,\"project\":\"p\",\"iid\":1,"
                    + "\"draft\":true,\"author\":{\"username\":\"u\"}}")
            .outcome());
    assertEquals(
        Outcome.FAILED,
        map(
                3,
                "{\"id\":3,\"project\":\"p\",\"iid\":2,"
                    + "\"draft\":false,\"author\":\"user-0001\"}")
            .outcome());
  }
}
