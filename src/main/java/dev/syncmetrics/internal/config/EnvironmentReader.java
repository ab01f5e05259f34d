package dev.syncmetrics.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code METRICS_*} variables (and the two {@code OCEAN__METRICS__*} aliases) into a
 * {@link Reading}: typed values, the variable each came from, and the problems found, so that the
 * configuration can report them with every other problem at once (docs/configuration.md).
 *
 * <pre>{@code
 * EnvironmentReader.Reading r = EnvironmentReader.read(System.getenv());
 * r.problems();   // ["METRICS_ENABLED was 'maybe' but must be one of true, false, 1, 0, yes, no"]
 * }</pre>
 */
public final class EnvironmentReader {
  static final String ENABLED = "METRICS_ENABLED";
  static final String WEBHOOK_URL = "METRICS_WEBHOOK_URL";
  static final String OCEAN_ENABLED = "OCEAN__METRICS__ENABLED";
  static final String OCEAN_WEBHOOK_URL = "OCEAN__METRICS__WEBHOOK_URL";

  /**
   * What the environment says; a null value was not set (or could not be read: see {@code
   * problems}).
   *
   * @param origins builder setting name to the variable it came from, for messages
   */
  public record Reading(
      Boolean enabled,
      String webhookUrl,
      String integrationType,
      String integrationIdentifier,
      String integrationVersion,
      String webhookSecret,
      String pushgatewayUrl,
      String job,
      String pushgatewayUsername,
      String pushgatewayPassword,
      Duration timeout,
      Path spoolDir,
      Long spoolMaxFiles,
      Long spoolMaxBytes,
      Long webhookConcurrency,
      Long maxAttempts,
      Duration shutdownTimeout,
      Map<String, String> origins,
      List<String> problems) {
    public Reading {
      origins = Map.copyOf(origins);
      problems = List.copyOf(problems);
    }
  }

  private final Map<String, String> env;
  private final Map<String, String> origins = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private EnvironmentReader(Map<String, String> env) {
    this.env = env;
    // name variables, not builder settings, in messages about what the environment lacks
    origins.put("integrationType", "METRICS_INTEGRATION_TYPE");
    origins.put("integrationIdentifier", "METRICS_INTEGRATION_IDENTIFIER");
    origins.put("integrationVersion", "METRICS_INTEGRATION_VERSION");
  }

  /** Reads {@code env}; never throws. */
  public static Reading read(Map<String, String> env) {
    return new EnvironmentReader(env).read();
  }

  private Reading read() {
    String user = text("METRICS_PUSHGATEWAY_USERNAME", "pushgatewayUsername");
    String password = text("METRICS_PUSHGATEWAY_PASSWORD", "pushgatewayPassword");
    if (user != null || password != null) {
      origins.put("pushgatewayUsername", "METRICS_PUSHGATEWAY_USERNAME");
      origins.put("pushgatewayPassword", "METRICS_PUSHGATEWAY_PASSWORD");
    }
    Long timeout = number("METRICS_TIMEOUT_SECONDS", "timeout");
    Long shutdown = number("METRICS_SHUTDOWN_TIMEOUT_SECONDS", "shutdownTimeout");
    return new Reading(
        enabled(),
        text(pick(WEBHOOK_URL, OCEAN_WEBHOOK_URL), "webhookUrl"),
        text("METRICS_INTEGRATION_TYPE", "integrationType"),
        text("METRICS_INTEGRATION_IDENTIFIER", "integrationIdentifier"),
        text("METRICS_INTEGRATION_VERSION", "integrationVersion"),
        text("METRICS_WEBHOOK_SECRET", "webhookSecret"),
        text("METRICS_PUSHGATEWAY_URL", "pushgatewayUrl"),
        text("METRICS_JOB", "job"),
        user,
        password,
        timeout == null ? null : Duration.ofSeconds(timeout),
        spoolDir(),
        number("METRICS_SPOOL_MAX_FILES", "spoolMaxFiles"),
        number("METRICS_SPOOL_MAX_BYTES", "spoolMaxBytes"),
        number("METRICS_WEBHOOK_CONCURRENCY", "webhookConcurrency"),
        number("METRICS_MAX_ATTEMPTS", "maxAttempts"),
        shutdown == null ? null : Duration.ofSeconds(shutdown),
        origins,
        problems);
  }

  private Boolean enabled() {
    String variable = pick(ENABLED, OCEAN_ENABLED);
    String value = text(variable, "enabled");
    if (value == null) {
      return null;
    }
    Boolean enabled = parseBoolean(value);
    if (enabled == null) {
      problems.add(variable + " was '" + value + "' but must be one of true, false, 1, 0, yes, no");
    }
    return enabled;
  }

  private Path spoolDir() {
    String spool = text("METRICS_SPOOL_DIR", "spoolDir");
    if (spool == null) {
      return null;
    }
    try {
      return Path.of(spool);
    } catch (InvalidPathException e) {
      problems.add(
          "METRICS_SPOOL_DIR was '" + spool + "' but is not a valid path: " + e.getReason());
      return null;
    }
  }

  /** The first of the variables that is set (primary name first), or null. */
  private String pick(String primary, String alias) {
    if (isSet(env.get(primary))) {
      return primary;
    }
    return isSet(env.get(alias)) ? alias : null;
  }

  private String text(String variable, String setting) {
    String value = variable == null ? null : env.get(variable);
    if (!isSet(value)) {
      return null;
    }
    origins.put(setting, variable);
    return value;
  }

  private Long number(String variable, String setting) {
    String value = text(variable, setting);
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(variable + " was '" + value + "' but must be a positive whole number");
    return null;
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
