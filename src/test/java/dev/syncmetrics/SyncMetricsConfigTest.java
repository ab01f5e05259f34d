package dev.syncmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncMetricsConfigTest {
  private static Map<String, String> validEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("METRICS_ENABLED", "true");
    env.put("METRICS_INTEGRATION_TYPE", "github");
    env.put("METRICS_INTEGRATION_IDENTIFIER", "github-prod");
    env.put("METRICS_INTEGRATION_VERSION", "1.4.0");
    return env;
  }

  private static ConfigException failing(Map<String, String> env) {
    return assertThrows(
        ConfigException.class, () -> SyncMetricsConfig.fromEnvironment(env).build());
  }

  @Test
  void unsetEnvironmentMeansDisabledWithDefaults() {
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(Map.of()).build();
    assertFalse(c.enabled());
    assertNull(c.webhookUrl());
    assertNull(c.pushgatewayUrl());
    assertEquals("sync", c.job());
    assertEquals(Duration.ofSeconds(30), c.timeout());
    assertTrue(c.spoolDir().toString().contains("syncmetrics-spool"));
  }

  @Test
  void eachIntegrationGetsItsOwnDefaultSpool() {
    Map<String, String> env = validEnv();
    SyncMetricsConfig a = SyncMetricsConfig.fromEnvironment(env).build();
    env.put("METRICS_INTEGRATION_IDENTIFIER", "github-staging/eu");
    SyncMetricsConfig b = SyncMetricsConfig.fromEnvironment(env).build();
    assertTrue(a.spoolDir().endsWith("sync.github.github-prod"), a.spoolDir().toString());
    assertTrue(b.spoolDir().endsWith("sync.github.github-staging_eu"), b.spoolDir().toString());
    assertEquals(a.spoolDir().getParent(), b.spoolDir().getParent());
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_URL", "https://hooks.example.com/in");
    env.put("METRICS_PUSHGATEWAY_URL", "http://127.0.0.1:9091");
    env.put("METRICS_JOB", "nightly");
    env.put("METRICS_WEBHOOK_SECRET", "s3cret");
    env.put("METRICS_PUSHGATEWAY_USERNAME", "pg");
    env.put("METRICS_PUSHGATEWAY_PASSWORD", "pw");
    env.put("METRICS_TIMEOUT_SECONDS", "7");
    env.put("METRICS_SPOOL_DIR", "/tmp/spool-x");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertTrue(c.enabled());
    assertEquals("github", c.integrationType());
    assertEquals("github-prod", c.integrationIdentifier());
    assertEquals("1.4.0", c.integrationVersion());
    assertEquals("https://hooks.example.com/in", c.webhookUrl().toString());
    assertEquals("http://127.0.0.1:9091/", c.pushgatewayUrl().toString(), "as it is sent");
    assertEquals("nightly", c.job());
    assertEquals("s3cret", c.webhookSecret());
    assertEquals("pg", c.pushgatewayUsername());
    assertEquals("pw", c.pushgatewayPassword());
    assertEquals(Duration.ofSeconds(7), c.timeout());
    assertEquals("/tmp/spool-x", c.spoolDir().toString());
  }

  @Test
  void booleanSpellingsAreAccepted() {
    for (String yes : new String[] {"true", "TRUE", "1", "yes", " Yes ", "on", "T", "y"}) {
      Map<String, String> env = validEnv();
      env.put("METRICS_ENABLED", yes);
      assertTrue(SyncMetricsConfig.fromEnvironment(env).build().enabled(), yes);
    }
    for (String no : new String[] {"false", "0", "no", "NO", "off", "f", "N"}) {
      assertFalse(
          SyncMetricsConfig.fromEnvironment(Map.of("METRICS_ENABLED", no)).build().enabled(), no);
    }
  }

  @Test
  void badEnabledValueNamesTheVariableAndValue() {
    Map<String, String> env = validEnv();
    env.put("METRICS_ENABLED", "maybe");
    ConfigException e = failing(env);
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("METRICS_ENABLED was 'maybe'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("true, false, 1, 0, yes, no, on, off, t, f, y, n"), e.getMessage());
  }

  @Test
  void badWebhookUrlNamesTheVariable() {
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_URL", "not a url");
    ConfigException e = failing(env);
    assertTrue(e.getMessage().contains("METRICS_WEBHOOK_URL was 'not a url'"), e.getMessage());
  }

  @Test
  void urlsTheSenderCannotSendAreConfigurationErrorsNamingTheVariable() {
    for (String port : new String[] {"0", "99999", "-1"}) {
      Map<String, String> env = validEnv();
      String webhook = "http://hooks.example.com:" + port + "/hook";
      env.put("METRICS_WEBHOOK_URL", webhook);
      env.put("METRICS_PUSHGATEWAY_URL", "http://127.0.0.1:" + port);
      ConfigException e = failing(env);
      assertEquals(2, e.problems().size(), e.getMessage());
      assertEquals(
          "METRICS_WEBHOOK_URL was '"
              + webhook
              + "' but has port '"
              + port
              + "': a port must be a number from 1 to 65535",
          e.problems().get(0));
      assertTrue(
          e.problems().get(1).startsWith("METRICS_PUSHGATEWAY_URL was 'http://127.0.0.1:" + port),
          e.getMessage());
    }
  }

  @Test
  void internationalHostNamesAreSentInTheirAsciiForm() {
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_URL", "https://bücher.example/in");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertEquals("https://xn--bcher-kva.example/in", c.webhookUrl().toString());
  }

  @Test
  void badUrlIsReportedWithItsSecretPartsRedacted() {
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_URL", "ftp://user:hunter2@hooks.example.com/in?token=tok-123456");
    env.put("METRICS_PUSHGATEWAY_URL", "pushgateway:9091?password=pgsecret");
    ConfigException e = failing(env);
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("METRICS_WEBHOOK_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("METRICS_PUSHGATEWAY_URL"), e.getMessage());
    for (String secret : new String[] {"hunter2", "tok-123456", "pgsecret", "user:"}) {
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> env = new HashMap<>();
    env.put("METRICS_ENABLED", "true");
    env.put("METRICS_TIMEOUT_SECONDS", "soon");
    env.put("METRICS_PUSHGATEWAY_URL", "::");
    env.put("METRICS_PUSHGATEWAY_USERNAME", "pg");
    ConfigException e = failing(env);
    String m = e.getMessage();
    assertTrue(m.contains("METRICS_TIMEOUT_SECONDS was 'soon'"), m);
    assertTrue(m.contains("METRICS_PUSHGATEWAY_URL was"), m);
    assertTrue(m.contains("METRICS_INTEGRATION_TYPE (or OCEAN__INTEGRATION__TYPE) is required"), m);
    assertTrue(
        m.contains(
            "METRICS_INTEGRATION_IDENTIFIER (or OCEAN__INTEGRATION__IDENTIFIER) is required"),
        m);
    assertTrue(m.contains("METRICS_INTEGRATION_VERSION is required"), m);
    assertTrue(
        m.contains(
            "METRICS_PUSHGATEWAY_USERNAME and METRICS_PUSHGATEWAY_PASSWORD must be set together"),
        m);
    assertEquals(6, e.problems().size(), m);
  }

  @Test
  void zeroOrNegativeTimeoutIsRejected() {
    Map<String, String> env = validEnv();
    env.put("METRICS_TIMEOUT_SECONDS", "0");
    assertTrue(failing(env).getMessage().contains("METRICS_TIMEOUT_SECONDS was '0'"));
    env.put("METRICS_TIMEOUT_SECONDS", "-3");
    assertTrue(failing(env).getMessage().contains("METRICS_TIMEOUT_SECONDS was '-3'"));
  }

  @Test
  void oceanAliasesSwitchMetricsOn() {
    Map<String, String> env = validEnv();
    env.remove("METRICS_ENABLED");
    env.put("OCEAN__METRICS__ENABLED", "true");
    env.put("OCEAN__METRICS__WEBHOOK_URL", "https://ingest.example.com/hook");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertTrue(c.enabled());
    assertEquals("https://ingest.example.com/hook", c.webhookUrl().toString());
  }

  @Test
  void primaryVariablesWinOverAliases() {
    Map<String, String> env = validEnv();
    env.put("OCEAN__METRICS__ENABLED", "false");
    env.put("METRICS_WEBHOOK_URL", "https://primary.example.com/");
    env.put("OCEAN__METRICS__WEBHOOK_URL", "https://alias.example.com/");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertTrue(c.enabled());
    assertEquals("primary.example.com", c.webhookUrl().getHost());
  }

  @Test
  void badAliasValueNamesTheAlias() {
    ConfigException e = failing(Map.of("OCEAN__METRICS__ENABLED", "sometimes"));
    assertTrue(e.getMessage().contains("OCEAN__METRICS__ENABLED was 'sometimes'"), e.getMessage());
  }

  @Test
  void emptyVariablesCountAsUnset() {
    SyncMetricsConfig c =
        SyncMetricsConfig.fromEnvironment(Map.of("METRICS_ENABLED", "", "METRICS_WEBHOOK_URL", " "))
            .build();
    assertFalse(c.enabled());
    assertNull(c.webhookUrl());
  }

  @Test
  void builderProblemsNameTheSetting() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                SyncMetricsConfig.builder()
                    .enabled(true)
                    .webhookUrl("mailto:x@example.com")
                    .build());
    assertTrue(e.getMessage().contains("webhookUrl was"), e.getMessage());
    assertTrue(e.getMessage().contains("integrationType is required"), e.getMessage());
  }

  @Test
  void toStringHidesSecrets() {
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_URL", "https://hooks.example.com/in?token=abc123tok");
    env.put("METRICS_WEBHOOK_SECRET", "hmac-key-42");
    env.put("METRICS_PUSHGATEWAY_URL", "http://pg:9091");
    env.put("METRICS_PUSHGATEWAY_USERNAME", "pg");
    env.put("METRICS_PUSHGATEWAY_PASSWORD", "pgpass-77");
    String s = SyncMetricsConfig.fromEnvironment(env).build().toString();
    assertFalse(s.contains("abc123tok"), s);
    assertFalse(s.contains("hmac-key-42"), s);
    assertFalse(s.contains("pgpass-77"), s);
  }

  @Test
  void theSeedGuidesTwoVariablesAloneGiveOneErrorNamingBothSpellingsOfWhatIsMissing() {
    ConfigException e =
        failing(
            Map.of(
                "OCEAN__METRICS__ENABLED", "true",
                "OCEAN__METRICS__WEBHOOK_URL", "https://ingest.example.com/hook"));
    assertEquals(
        java.util.List.of(
            "METRICS_INTEGRATION_TYPE (or OCEAN__INTEGRATION__TYPE) is required when metrics are"
                + " enabled",
            "METRICS_INTEGRATION_IDENTIFIER (or OCEAN__INTEGRATION__IDENTIFIER) is required when"
                + " metrics are enabled",
            "METRICS_INTEGRATION_VERSION is required when metrics are enabled"),
        e.problems());
  }

  @Test
  void oceanIntegrationVariablesNameWhoIsReportingAndTheTypeIsLowerCasedAsOceanDoes() {
    Map<String, String> env = new HashMap<>();
    env.put("OCEAN__METRICS__ENABLED", "true");
    env.put("OCEAN__INTEGRATION__TYPE", "GitHub");
    env.put("OCEAN__INTEGRATION__IDENTIFIER", "GitHub-Prod");
    env.put("METRICS_INTEGRATION_VERSION", "1.4.0");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertEquals("github", c.integrationType());
    assertEquals("GitHub-Prod", c.integrationIdentifier(), "Ocean keeps the identifier's case");
    env.put("METRICS_INTEGRATION_TYPE", "GitLab");
    assertEquals(
        "GitLab",
        SyncMetricsConfig.fromEnvironment(env).build().integrationType(),
        "the METRICS_* spelling wins and is taken as written");
  }

  @Test
  void oceanNamesAreReadInAnyCaseAsPydanticReadsThem() {
    Map<String, String> env = new HashMap<>();
    env.put("ocean__metrics__enabled", "On");
    env.put("Ocean__Metrics__Webhook_Url", "https://ingest.example.com/hook");
    env.put("ocean__integration__type", "jira");
    env.put("OCEAN__integration__IDENTIFIER", "jira-eu");
    env.put("METRICS_INTEGRATION_VERSION", "2.0.0");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertTrue(c.enabled());
    assertEquals("https://ingest.example.com/hook", c.webhookUrl().toString());
    assertEquals("jira", c.integrationType());
    assertEquals("jira-eu", c.integrationIdentifier());
  }

  @Test
  void anOceanNameSetInTwoCasesWithDifferentValuesIsAProblemNamingBoth() {
    Map<String, String> env = validEnv();
    env.remove("METRICS_ENABLED");
    env.put("ocean__metrics__enabled", "true");
    env.put("Ocean__Metrics__Enabled", "false");
    ConfigException e = failing(env);
    assertEquals(
        java.util.List.of(
            "OCEAN__METRICS__ENABLED is set in different cases with different values"
                + " (Ocean__Metrics__Enabled, ocean__metrics__enabled); keep one"),
        e.problems());
  }

  @Test
  void payloadFormatIsReadFromTheEnvironmentAndSeedByDefault() {
    Map<String, String> env = validEnv();
    assertEquals(
        PayloadFormat.SEED, SyncMetricsConfig.fromEnvironment(env).build().payloadFormat());
    env.put("METRICS_PAYLOAD_FORMAT", " Ocean ");
    SyncMetricsConfig c = SyncMetricsConfig.fromEnvironment(env).build();
    assertEquals(PayloadFormat.OCEAN, c.payloadFormat());
    assertTrue(c.toString().contains("payloadFormat=ocean"), c.toString());
    assertEquals(PayloadFormat.OCEAN, c.newBuilder().build().payloadFormat());
  }

  @Test
  void badPayloadFormatIsReportedWithEveryOtherProblem() {
    Map<String, String> env = validEnv();
    env.put("METRICS_PAYLOAD_FORMAT", "camel");
    env.put("METRICS_TIMEOUT_SECONDS", "soon");
    ConfigException e = failing(env);
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("METRICS_PAYLOAD_FORMAT was 'camel' but must be one of seed, ocean"),
        e.getMessage());
  }

  @Test
  void payloadFormatIsSetInCode() {
    SyncMetricsConfig c =
        SyncMetricsConfig.builder()
            .enabled(true)
            .integration("github", "github-prod", "1.4.0")
            .payloadFormat(PayloadFormat.OCEAN)
            .build();
    assertEquals(PayloadFormat.OCEAN, c.payloadFormat());
    assertThrows(NullPointerException.class, () -> SyncMetricsConfig.builder().payloadFormat(null));
  }

  @Test
  void theWebhookSignatureIsOursUnlessTheVendorsIsAskedFor() {
    assertEquals(
        "syncmetrics", SyncMetricsConfig.fromEnvironment(validEnv()).build().webhookSignature());
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_SECRET", "s3cret");
    env.put("METRICS_WEBHOOK_SIGNATURE", "SHA256");
    assertEquals("sha256", SyncMetricsConfig.fromEnvironment(env).build().webhookSignature());
  }

  @Test
  void aBadOrSecretlessWebhookSignatureNamesTheVariables() {
    Map<String, String> env = validEnv();
    env.put("METRICS_WEBHOOK_SIGNATURE", "md5");
    ConfigException e = failing(env);
    assertEquals(
        "METRICS_WEBHOOK_SIGNATURE was 'md5' but must be one of syncmetrics, sha256, sha1, plain",
        e.problems().get(0));

    env.put("METRICS_WEBHOOK_SIGNATURE", "sha1");
    assertEquals(
        "METRICS_WEBHOOK_SIGNATURE was 'sha1' but signing needs METRICS_WEBHOOK_SECRET too",
        failing(env).problems().get(0));
  }
}
