package dev.syncmetrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code METRICS_*} variables (and the two {@code OCEAN__METRICS__*} aliases) into a
 * builder.
 */
final class EnvironmentReader {
  static final String ENABLED = "METRICS_ENABLED";
  static final String WEBHOOK_URL = "METRICS_WEBHOOK_URL";
  static final String OCEAN_ENABLED = "OCEAN__METRICS__ENABLED";
  static final String OCEAN_WEBHOOK_URL = "OCEAN__METRICS__WEBHOOK_URL";

  private EnvironmentReader() {}

  static void apply(Map<String, String> env, SyncMetricsConfig.Builder b) {
    // name variables, not builder settings, in messages about what the environment lacks
    b.origin("integrationType", "METRICS_INTEGRATION_TYPE");
    b.origin("integrationIdentifier", "METRICS_INTEGRATION_IDENTIFIER");
    b.origin("integrationVersion", "METRICS_INTEGRATION_VERSION");
    String enabledVar = pick(env, ENABLED, OCEAN_ENABLED);
    if (enabledVar != null) {
      b.origin("enabled", enabledVar);
      Boolean enabled = parseBoolean(env.get(enabledVar));
      if (enabled == null) {
        b.problem(
            enabledVar
                + " was '"
                + env.get(enabledVar)
                + "' but must be one of true, false, 1, 0, yes, no");
      } else {
        b.enabled(enabled);
      }
    }
    String webhookVar = pick(env, WEBHOOK_URL, OCEAN_WEBHOOK_URL);
    if (webhookVar != null) {
      b.origin("webhookUrl", webhookVar);
      b.webhookUrl(env.get(webhookVar));
    }
    String type = text(env, "METRICS_INTEGRATION_TYPE", "integrationType", b);
    String identifier = text(env, "METRICS_INTEGRATION_IDENTIFIER", "integrationIdentifier", b);
    String version = text(env, "METRICS_INTEGRATION_VERSION", "integrationVersion", b);
    if (type != null || identifier != null || version != null) {
      b.integration(type, identifier, version);
    }
    String secret = text(env, "METRICS_WEBHOOK_SECRET", "webhookSecret", b);
    if (secret != null) {
      b.webhookSecret(secret);
    }
    String pushgateway = text(env, "METRICS_PUSHGATEWAY_URL", "pushgatewayUrl", b);
    if (pushgateway != null) {
      b.pushgatewayUrl(pushgateway);
    }
    String job = text(env, "METRICS_JOB", "job", b);
    if (job != null) {
      b.job(job);
    }
    String user = text(env, "METRICS_PUSHGATEWAY_USERNAME", "pushgatewayUsername", b);
    String password = text(env, "METRICS_PUSHGATEWAY_PASSWORD", "pushgatewayPassword", b);
    if (user != null || password != null) {
      b.origin("pushgatewayUsername", "METRICS_PUSHGATEWAY_USERNAME");
      b.origin("pushgatewayPassword", "METRICS_PUSHGATEWAY_PASSWORD");
      b.pushgatewayBasicAuth(user, password);
    }
    Long timeout = number(env, "METRICS_TIMEOUT_SECONDS", "timeout", b);
    if (timeout != null) {
      b.timeout(Duration.ofSeconds(timeout));
    }
    String spool = text(env, "METRICS_SPOOL_DIR", "spoolDir", b);
    if (spool != null) {
      try {
        b.spoolDir(Path.of(spool));
      } catch (java.nio.file.InvalidPathException e) {
        b.problem(
            "METRICS_SPOOL_DIR was '" + spool + "' but is not a valid path: " + e.getReason());
      }
    }
    Long maxFiles = number(env, "METRICS_SPOOL_MAX_FILES", "spoolMaxFiles", b);
    Long maxBytes = number(env, "METRICS_SPOOL_MAX_BYTES", "spoolMaxBytes", b);
    if (maxFiles != null || maxBytes != null) {
      b.spoolLimits(
          maxFiles == null
              ? SyncMetricsConfig.DEFAULT_SPOOL_MAX_FILES
              : (int) Math.min(Integer.MAX_VALUE, maxFiles),
          maxBytes == null ? SyncMetricsConfig.DEFAULT_SPOOL_MAX_BYTES : maxBytes);
    }
    Long concurrency = number(env, "METRICS_WEBHOOK_CONCURRENCY", "webhookConcurrency", b);
    if (concurrency != null) {
      b.webhookConcurrency((int) Math.min(1024, concurrency));
    }
    Long attempts = number(env, "METRICS_MAX_ATTEMPTS", "maxAttempts", b);
    if (attempts != null) {
      b.maxAttempts((int) Math.min(100, attempts));
    }
  }

  /** The first of the variables that is set (primary name first), or null. */
  private static String pick(Map<String, String> env, String primary, String alias) {
    if (isSet(env.get(primary))) {
      return primary;
    }
    return isSet(env.get(alias)) ? alias : null;
  }

  private static String text(
      Map<String, String> env, String variable, String setting, SyncMetricsConfig.Builder b) {
    String value = env.get(variable);
    if (!isSet(value)) {
      return null;
    }
    b.origin(setting, variable);
    return value;
  }

  private static Long number(
      Map<String, String> env, String variable, String setting, SyncMetricsConfig.Builder b) {
    String value = text(env, variable, setting, b);
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n <= 0) {
        b.problem(variable + " was '" + value + "' but must be a positive whole number");
        return null;
      }
      return n;
    } catch (NumberFormatException e) {
      b.problem(variable + " was '" + value + "' but must be a positive whole number");
      return null;
    }
  }

  /** An empty or blank variable counts as unset, as in most deployment tools. */
  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /** true/false/1/0/yes/no in any case, surrounding blanks ignored; null for anything else. */
  static Boolean parseBoolean(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
        return Boolean.TRUE;
      case "false":
      case "0":
      case "no":
        return Boolean.FALSE;
      default:
        return null;
    }
  }
}
