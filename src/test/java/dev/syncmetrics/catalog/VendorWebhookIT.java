package dev.syncmetrics.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import dev.syncmetrics.testing.CatalogProcess;
import dev.syncmetrics.testing.IndependentHmac;
import dev.syncmetrics.testing.ProjectDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks exported from the catalog vendor, loaded as they are by a catalog started as users start
 * it (the jar, a SQLite file, the secrets in its environment) and posted to as GitHub, PagerDuty
 * and the reporter would: vendor signatures in GitHub's header, repeated deliveries, search-query
 * relations and identifiers, two webhooks merging into one entity, a delete with its dependents.
 * The files are src/test/resources/vendor-webhook/, the example of docs/mappings.md.
 */
class VendorWebhookIT {
  static final Path EXAMPLE = Path.of("src/test/resources/vendor-webhook");
  static final String GITHUB_SECRET = "gh-webhook-secret";
  static final String PAGERDUTY_TOKEN = "pd-token";
  static final String REPORTER_SECRET = "reporter-vendor-secret";
  static final String COMPONENTS = "/api/blueprints/component/entities/";
  static final String DEPLOYMENTS = "/api/blueprints/deployment/entities/";

  @TempDir static Path dir;
  static CatalogProcess catalog;
  static TestHttp http;

  @BeforeAll
  static void start() throws Exception {
    Path mappings = dir.resolve("mappings");
    copy(EXAMPLE, mappings);
    copy(ProjectDir.resolve("mappings/blueprints"), mappings.resolve("blueprints"));
    // the guide's kind mapping wrapped as a vendor webhook signed the vendor's way: what the
    // reporter posts to when METRICS_WEBHOOK_SIGNATURE=sha256
    String kindMapping =
        Files.readString(ProjectDir.resolve("mappings/webhooks/kind-metrics.json"));
    Files.writeString(
        mappings.resolve("webhooks/metrics.json"),
        "{\"identifier\": \"syncMetrics\", \"title\": \"sync metrics\", \"mappings\": ["
            + kindMapping
            + "], \"security\": {\"secret\": \"${METRICS_HOOK_SECRET}\","
            + " \"signatureHeaderName\": \"X-Syncmetrics-Signature\","
            + " \"signatureAlgorithm\": \"sha256\", \"signaturePrefix\": \"sha256=\"}}");
    catalog =
        CatalogProcess.start(
            dir.resolve("catalog.db").toString(),
            dir.resolve("logs"),
            mappings,
            Map.of(
                "GITHUB_WEBHOOK_SECRET", GITHUB_SECRET,
                "PAGERDUTY_WEBHOOK_TOKEN", PAGERDUTY_TOKEN,
                "METRICS_HOOK_SECRET", REPORTER_SECRET));
    http = new TestHttp(catalog.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (catalog != null) {
      catalog.close();
    }
  }

  static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Posts as GitHub does: HMAC-SHA256 of the body in X-Hub-Signature-256, a delivery id. */
  TestHttp.Answer github(String event, String delivery, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String signature =
        "sha256="
            + IndependentHmac.hex(
                "HmacSHA256", GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), body);
    return http.send(
        "POST",
        "/webhook/githubDeployments",
        "application/json",
        body,
        "X-GitHub-Event",
        event,
        "X-GitHub-Delivery",
        delivery,
        "X-Hub-Signature-256",
        signature);
  }

  static String push(String repo, String after, Object stars) {
    return "{\"ref\":\"refs/heads/main\",\"after\":\""
        + after
        + "\",\"repository\":{\"name\":\""
        + repo
        + "\",\"full_name\":\"acme/"
        + repo
        + "\",\"html_url\":\"https://github.com/acme/"
        + repo
        + "\",\"stargazers_count\":"
        + stars
        + "}}";
  }

  static String deployment(int id, String sha, String state) {
    return "{\"deployment\":{\"id\":"
        + id
        + ",\"sha\":\""
        + sha
        + "\",\"environment\":\"production\"},\"deployment_status\":{\"state\":\""
        + state
        + "\"}}";
  }

  TestHttp.Answer pagerduty(String eventId, String service, String assignee) {
    return http.postJson(
        "/webhook/pagerdutyOncall",
        "{\"event\":{\"id\":\""
            + eventId
            + "\",\"event_type\":\"incident.triggered\",\"data\":{\"service\":{\"summary\":\""
            + service
            + "\"},\"assignees\":[{\"summary\":\""
            + assignee
            + "\"}]}}}",
        "x-pagerduty-token",
        PAGERDUTY_TOKEN);
  }

  JsonNode entity(String path) {
    TestHttp.Answer a = http.get(path);
    assertEquals(200, a.status(), path + ": " + a.body());
    return a.json();
  }

  @Test
  void theExampleFileIsTheOneTheDocsShow() throws Exception {
    String file = Files.readString(EXAMPLE.resolve("webhooks/github-deployments.json")).strip();
    for (String doc : java.util.List.of("docs/mappings.md", "docs/catalog.md")) {
      assertTrue(
          Files.readString(ProjectDir.resolve(doc)).contains(file),
          doc + " shows " + EXAMPLE + "/webhooks/github-deployments.json verbatim");
    }
    assertTrue(
        catalog.output().contains("github-deployments.json webhookKey: ignored"),
        "the fields the catalog does not use are named at start:\n" + catalog.output());
    assertFalse(catalog.output().contains(GITHUB_SECRET), "a secret never reaches the log");
  }

  @Test
  void gitHubsSignatureIsCheckedAndRepeatedDeliveriesAreDropped() {
    TestHttp.Answer first = github("push", "delivery-1", push("billing", "0a1b2c3d4e", 3));
    assertEquals(200, first.status(), first.body());
    assertEquals(1, first.json().get("upserted").asInt(), first.body());

    // GitHub redelivers with the same X-GitHub-Delivery: nothing is stored, whatever the body
    TestHttp.Answer again = github("push", "delivery-1", push("billing", "ffffffffff", 9));
    assertTrue(again.json().get("duplicate").asBoolean(), again.body());
    assertEquals("0a1b2c3", entity(COMPONENTS + "billing").at("/properties/appVersion").asText());
    assertEquals(1, http.get(COMPONENTS + "billing/history").json().get("history").size());

    byte[] body = push("billing", "1111111111", 1).getBytes(StandardCharsets.UTF_8);
    TestHttp.Answer forged =
        http.send(
            "POST",
            "/webhook/githubDeployments",
            "application/json",
            body,
            "X-GitHub-Event",
            "push",
            "X-Hub-Signature-256",
            "sha256=" + IndependentHmac.hex("HmacSHA256", "guess".getBytes(), body));
    assertEquals(401, forged.status(), forged.body());
    assertEquals(
        "X-Hub-Signature-256 does not match the body", forged.json().get("error").asText());
    TestHttp.Answer timestamped =
        http.postSigned("/webhook/githubDeployments", push("billing", "2", 1), GITHUB_SECRET);
    assertEquals(401, timestamped.status(), "our scheme is not the vendor's");
  }

  @Test
  void twoWebhooksMergeIntoOneEntityAndABadValueKeepsTheStoredOne() {
    assertEquals(200, github("push", "m-1", push("checkout", "aaaaaaa111", 12)).status());

    // PagerDuty knows the component by its title only: an identifier search query
    TestHttp.Answer paged = pagerduty("pd-1", "acme/checkout", "Ada Lovelace");
    assertEquals(200, paged.status(), paged.body());
    assertEquals(1, paged.json().get("upserted").asInt(), paged.body());
    JsonNode checkout = entity(COMPONENTS + "checkout");
    assertEquals("Ada Lovelace", checkout.at("/properties/oncall").asText());
    assertEquals("https://github.com/acme/checkout", checkout.at("/properties/repo").asText());
    assertEquals(12, checkout.at("/properties/stars").asInt());
    assertEquals("acme/checkout", checkout.get("title").asText());

    // GitHub's next push knows nothing of on-call, and sends a star count that is not a number
    TestHttp.Answer next = github("push", "m-2", push("checkout", "bbbbbbb222", "\"many\""));
    assertEquals(200, next.status(), next.body());
    assertTrue(
        next.json().at("/errors/0/message").asText().contains("does not fit property stars"),
        next.body());
    checkout = entity(COMPONENTS + "checkout");
    assertEquals("Ada Lovelace", checkout.at("/properties/oncall").asText());
    assertEquals("bbbbbbb", checkout.at("/properties/appVersion").asText());
    assertEquals(12, checkout.at("/properties/stars").asInt(), "the stored value is kept");

    TestHttp.Answer unknown = pagerduty("pd-2", "acme/nothing", "Grace Hopper");
    assertEquals(0, unknown.json().get("upserted").asInt(), unknown.body());
    assertTrue(
        unknown.json().at("/errors/0/message").asText().contains("matched no entity"),
        unknown.body());
    assertEquals(404, http.get(COMPONENTS + "nothing").status(), "nothing is created");
    assertEquals(
        401, http.postJson("/webhook/pagerdutyOncall", "{}", "x-pagerduty-token", "x").status());
  }

  @Test
  void aSearchQueryRelationFindsTheComponentAndADeleteTakesItsDependents() {
    assertEquals(200, github("push", "d-1", push("ledger", "c0ffee0000", 1)).status());
    assertEquals(200, github("push", "d-2", push("audit", "deadbeef00", 1)).status());
    TestHttp.Answer deployed =
        github("deployment_status", "d-3", deployment(4701, "c0ffee0123", "success"));
    TestHttp.Answer other =
        github("deployment_status", "d-4", deployment(4702, "deadbeef99", "success"));
    assertEquals(200, deployed.status(), deployed.body());
    assertEquals(200, other.status(), other.body());
    assertEquals("ledger", entity(DEPLOYMENTS + "4701").at("/relations/component").asText());
    assertEquals("audit", entity(DEPLOYMENTS + "4702").at("/relations/component").asText());

    TestHttp.Answer archived =
        github(
            "repository", "d-5", "{\"action\":\"archived\",\"repository\":{\"name\":\"audit\"}}");
    assertEquals(1, archived.json().get("deleted").asInt(), archived.body());
    assertEquals(200, http.get(DEPLOYMENTS + "4702").status(), "deleteDependents false keeps it");

    TestHttp.Answer deleted =
        github(
            "repository", "d-6", "{\"action\":\"deleted\",\"repository\":{\"name\":\"ledger\"}}");
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals(2, deleted.json().get("deleted").asInt(), deleted.body());
    assertEquals(
        TestHttp.JSON.valueToTree(
            java.util.List.of(
                Map.of("blueprint", "component", "identifier", "ledger"),
                Map.of("blueprint", "deployment", "identifier", "4701"))),
        deleted.json().get("deletedEntities"));
    assertEquals(404, http.get(COMPONENTS + "ledger").status());
    assertEquals(404, http.get(DEPLOYMENTS + "4701").status());
  }

  @Test
  void aDisabledWebhookAnswers404NamingIt() {
    TestHttp.Answer a = http.postJson("/webhook/legacyJenkins", "{\"build\":{\"id\":1}}");

    assertEquals(404, a.status());
    assertEquals(
        "webhook 'legacyJenkins' is disabled (\"enabled\": false)", a.json().get("error").asText());
    assertEquals(404, http.get(DEPLOYMENTS + "1").status());
  }

  @Test
  void theReporterSignsTheVendorsWayAndItsWebhookAcceptsIt() throws Exception {
    SyncMetricsConfig config =
        SyncMetricsConfig.builder()
            .enabled(true)
            .integration("gitlab", "gitlab-eu", "2.0.0")
            .webhookUrl(catalog.baseUrl() + "/webhook/syncMetrics")
            .webhookSecret(REPORTER_SECRET)
            .webhookSignature("sha256")
            .spoolDir(dir.resolve("spool"))
            .timeout(Duration.ofSeconds(30))
            .build();
    ReportResult result;
    try (SyncReporter reporter = SyncReporter.builder(config).build()) {
      SyncRun run = reporter.startRun();
      run.kind("project", 0).extracted(7);
      result = run.finish();
    }

    assertTrue(result.allDelivered(), result.toString());
    assertEquals(
        7,
        entity("/api/blueprints/integration_kind_metrics/entities/project-0")
            .at("/properties/raw_objects")
            .asInt());
  }
}
