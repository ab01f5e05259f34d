package dev.syncmetrics.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code METRICS_*} variables (and their {@code OCEAN__*} aliases) into a {@link
 * Reading}: typed values, the variable each came from, and the problems found, so that the
 * configuration can report them with every other problem at once (docs/configuration.md).
 *
 * <p>The aliases are read as the catalog vendor's framework (Ocean, through pydantic's settings)
 * reads them: the name in any case ({@code ocean__metrics__enabled} too), and a value of {@code
 * OCEAN__INTEGRATION__TYPE} in lower case. Booleans are pydantic's words in any case, for both
 * spellings.
 *
 * <pre>{@code
 * EnvironmentReader.Reading r = EnvironmentReader.read(System.getenv());
 * r.problems();   // ["METRICS_ENABLED was 'maybe' but must be one of true, false, 1, 0, yes, ..."]
 * }</pre>
 */
public final class EnvironmentReader {
  static final String ENABLED = "METRICS_ENABLED";
  static final String WEBHOOK_URL = "METRICS_WEBHOOK_URL";
  static final String INTEGRATION_TYPE = "METRICS_INTEGRATION_TYPE";
  static final String INTEGRATION_IDENTIFIER = "METRICS_INTEGRATION_IDENTIFIER";
  static final String INTEGRATION_VERSION = "METRICS_INTEGRATION_VERSION";
  static final String OCEAN_ENABLED = "OCEAN__METRICS__ENABLED";
  static final String OCEAN_WEBHOOK_URL = "OCEAN__METRICS__WEBHOOK_URL";
  static final String OCEAN_INTEGRATION_TYPE = "OCEAN__INTEGRATION__TYPE";
  static final String OCEAN_INTEGRATION_IDENTIFIER = "OCEAN__INTEGRATION__IDENTIFIER";

  /** The words a boolean may be, in any case: pydantic's, as Ocean reads its settings. */
  static final String BOOLEAN_WORDS = "true, false, 1, 0, yes, no, on, off, t, f, y, n";

  private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on", "t", "y");
  private static final Set<String> FALSE_WORDS = Set.of("false", "0", "no", "off", "f", "n");

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
      String webhookSignature,
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
      String payloadFormat,
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
    // name variables, not builder settings, in messages about what the environment lacks, with
    // both spellings where Ocean has one (its users set those first)
    origins.put("integrationType", INTEGRATION_TYPE + " (or " + OCEAN_INTEGRATION_TYPE + ")");
    origins.put(
        "integrationIdentifier",
        INTEGRATION_IDENTIFIER + " (or " + OCEAN_INTEGRATION_IDENTIFIER + ")");
    origins.put("integrationVersion", INTEGRATION_VERSION);
    origins.put("webhookSecret", "METRICS_WEBHOOK_SECRET");
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
        integrationType(),
        text(pick(INTEGRATION_IDENTIFIER, OCEAN_INTEGRATION_IDENTIFIER), "integrationIdentifier"),
        text(INTEGRATION_VERSION, "integrationVersion"),
        text("METRICS_WEBHOOK_SECRET", "webhookSecret"),
        text("METRICS_WEBHOOK_SIGNATURE", "webhookSignature"),
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
        text("METRICS_PAYLOAD_FORMAT", "payloadFormat"),
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
      problems.add(variable + " was '" + value + "' but must be one of " + BOOLEAN_WORDS);
    }
    return enabled;
  }

  /** Ocean lower-cases the integration type it reads, and sends it so in its payloads. */
  private String integrationType() {
    String variable = pick(INTEGRATION_TYPE, OCEAN_INTEGRATION_TYPE);
    String value = text(variable, "integrationType");
    return value != null && !variable.equals(INTEGRATION_TYPE)
        ? value.toLowerCase(Locale.ROOT)
        : value;
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

  /**
   * The variable to read: the primary name when it is set, else the alias in any case (the exact
   * spelling first), or null. Two spellings of the alias with different values are a problem.
   */
  private String pick(String primary, String alias) {
    if (isSet(env.get(primary))) {
      return primary;
    }
    if (isSet(env.get(alias))) {
      return alias;
    }
    List<String> spellings = new ArrayList<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().equalsIgnoreCase(alias) && isSet(e.getValue())) {
        spellings.add(e.getKey());
      }
    }
    if (spellings.isEmpty()) {
      return null;
    }
    spellings.sort(null);
    for (String s : spellings) {
      if (!env.get(s).equals(env.get(spellings.get(0)))) {
        problems.add(
            alias
                + " is set in different cases with different values ("
                + String.join(", ", spellings)
                + "); keep one");
        break;
      }
    }
    return spellings.get(0);
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

  /** One of {@link #BOOLEAN_WORDS} in any case, surrounding blanks ignored; else null. */
  static Boolean parseBoolean(String value) {
    String word = value.trim().toLowerCase(Locale.ROOT);
    if (TRUE_WORDS.contains(word)) {
      return Boolean.TRUE;
    }
    return FALSE_WORDS.contains(word) ? Boolean.FALSE : null;
  }
}
