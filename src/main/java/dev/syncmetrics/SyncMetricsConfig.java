package dev.syncmetrics;

import dev.syncmetrics.internal.config.EnvironmentReader;
import dev.syncmetrics.internal.config.SpoolDirs;
import dev.syncmetrics.internal.config.Urls;
import dev.syncmetrics.internal.signature.SignatureScheme;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Everything a {@link SyncReporter} needs to know, validated once when built.
 *
 * <pre>{@code
 * SyncMetricsConfig config = SyncMetricsConfig.fromEnvironment(System.getenv())
 *     .timeout(Duration.ofSeconds(10))   // code may override what the environment said
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} never shows the webhook secret, the Pushgateway password or URL query
 * strings.
 */
public final class SyncMetricsConfig {
  public static final String DEFAULT_JOB = "sync";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_WEBHOOK_CONCURRENCY = 8;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int DEFAULT_SPOOL_MAX_FILES = 10_000;
  public static final long DEFAULT_SPOOL_MAX_BYTES = 256L * 1024 * 1024;
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  /** The signature our catalog checks: HMAC-SHA256 of {@code timestamp.body} (docs/payload.md). */
  public static final String DEFAULT_WEBHOOK_SIGNATURE = "syncmetrics";

  private final boolean enabled;
  private final String integrationType;
  private final String integrationIdentifier;
  private final String integrationVersion;
  private final HttpUrl webhookUrl;
  private final String webhookSecret;
  private final String webhookSignature;
  private final HttpUrl pushgatewayUrl;
  private final String job;
  private final String pushgatewayUsername;
  private final String pushgatewayPassword;
  private final Duration timeout;
  private final Path spoolDir;
  private final int spoolMaxFiles;
  private final long spoolMaxBytes;
  private final int webhookConcurrency;
  private final int maxAttempts;
  private final PayloadFormat payloadFormat;
  private final Duration shutdownTimeout;

  private SyncMetricsConfig(Builder b, HttpUrl webhookUrl, HttpUrl pushgatewayUrl) {
    this.enabled = b.enabled;
    this.integrationType = b.integrationType;
    this.integrationIdentifier = b.integrationIdentifier;
    this.integrationVersion = b.integrationVersion;
    this.webhookUrl = webhookUrl;
    this.webhookSecret = b.webhookSecret;
    this.webhookSignature = SignatureScheme.parse(b.webhookSignature).id();
    this.pushgatewayUrl = pushgatewayUrl;
    this.job = b.job;
    this.pushgatewayUsername = b.pushgatewayUsername;
    this.pushgatewayPassword = b.pushgatewayPassword;
    this.timeout = b.timeout;
    this.spoolDir =
        b.spoolDir != null
            ? b.spoolDir
            : SpoolDirs.defaultFor(b.job, b.integrationType, b.integrationIdentifier);
    this.spoolMaxFiles = b.spoolMaxFiles;
    this.spoolMaxBytes = b.spoolMaxBytes;
    this.webhookConcurrency = b.webhookConcurrency;
    this.maxAttempts = b.maxAttempts;
    this.payloadFormat = b.payloadFormat;
    this.shutdownTimeout = b.shutdownTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding what {@code env} says (see docs/configuration.md for every variable). Bad
   * values are reported, with every other problem, when {@link Builder#build()} is called.
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    EnvironmentReader.Reading r = EnvironmentReader.read(env);
    Builder b = new Builder();
    b.origins.putAll(r.origins());
    b.problems.addAll(r.problems());
    if (r.enabled() != null) {
      b.enabled(r.enabled());
    }
    if (r.integrationType() != null
        || r.integrationIdentifier() != null
        || r.integrationVersion() != null) {
      b.integration(r.integrationType(), r.integrationIdentifier(), r.integrationVersion());
    }
    if (r.pushgatewayUsername() != null || r.pushgatewayPassword() != null) {
      b.pushgatewayBasicAuth(r.pushgatewayUsername(), r.pushgatewayPassword());
    }
    if (r.spoolMaxFiles() != null || r.spoolMaxBytes() != null) {
      b.spoolLimits(
          r.spoolMaxFiles() == null
              ? DEFAULT_SPOOL_MAX_FILES
              : (int) Math.min(Integer.MAX_VALUE, r.spoolMaxFiles()),
          r.spoolMaxBytes() == null ? DEFAULT_SPOOL_MAX_BYTES : r.spoolMaxBytes());
    }
    b.webhookUrl = r.webhookUrl();
    b.webhookSecret = r.webhookSecret();
    setIfPresent(r.webhookSignature(), b::webhookSignature);
    b.pushgatewayUrl = r.pushgatewayUrl();
    b.spoolDir = r.spoolDir();
    setIfPresent(r.job(), b::job);
    setIfPresent(r.timeout(), b::timeout);
    setIfPresent(r.webhookConcurrency(), n -> b.webhookConcurrency((int) Math.min(1024, n)));
    setIfPresent(r.maxAttempts(), n -> b.maxAttempts((int) Math.min(100, n)));
    if (r.payloadFormat() != null) {
      try {
        b.payloadFormat(PayloadFormat.parse(r.payloadFormat()));
      } catch (IllegalArgumentException e) {
        b.problems.add(
            b.name("payloadFormat")
                + " was '"
                + r.payloadFormat()
                + "' but must be one of "
                + PayloadFormat.labels());
      }
    }
    setIfPresent(r.shutdownTimeout(), b::shutdownTimeout);
    return b;
  }

  private static <T> void setIfPresent(T value, java.util.function.Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public String integrationType() {
    return integrationType;
  }

  public String integrationIdentifier() {
    return integrationIdentifier;
  }

  public String integrationVersion() {
    return integrationVersion;
  }

  /** The webhook URL as it is sent (host in ASCII, path at least "/"), or null when off. */
  public URI webhookUrl() {
    return webhookUrl == null ? null : webhookUrl.uri();
  }

  /** The webhook URL as parsed for sending, or null when the webhook is off. */
  HttpUrl webhookHttpUrl() {
    return webhookUrl;
  }

  /** The HMAC key, or null when requests are not signed. */
  public String webhookSecret() {
    return webhookSecret;
  }

  /**
   * How requests are signed when a secret is set: {@code syncmetrics}, {@code sha256}, {@code sha1}
   * or {@code plain}.
   */
  public String webhookSignature() {
    return webhookSignature;
  }

  /** The Pushgateway base URL as it is sent, or null when pushing is off. */
  public URI pushgatewayUrl() {
    return pushgatewayUrl == null ? null : pushgatewayUrl.uri();
  }

  /** The Pushgateway base URL as parsed for sending, or null when pushing is off. */
  HttpUrl pushgatewayHttpUrl() {
    return pushgatewayUrl;
  }

  public String job() {
    return job;
  }

  public String pushgatewayUsername() {
    return pushgatewayUsername;
  }

  public String pushgatewayPassword() {
    return pushgatewayPassword;
  }

  public Duration timeout() {
    return timeout;
  }

  public Path spoolDir() {
    return spoolDir;
  }

  public int spoolMaxFiles() {
    return spoolMaxFiles;
  }

  public long spoolMaxBytes() {
    return spoolMaxBytes;
  }

  public int webhookConcurrency() {
    return webhookConcurrency;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** The shape of the payloads the reporter writes. */
  public PayloadFormat payloadFormat() {
    return payloadFormat;
  }

  /**
   * How long the JVM's shutdown (SIGTERM, or the end of {@code main}) may wait for the reporter to
   * abort the runs still open and deliver them.
   */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** A builder holding this configuration, to derive a variant. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.integrationType = integrationType;
    b.integrationIdentifier = integrationIdentifier;
    b.integrationVersion = integrationVersion;
    b.webhookUrl = webhookUrl == null ? null : webhookUrl.toString();
    b.webhookSecret = webhookSecret;
    b.webhookSignature = webhookSignature;
    b.pushgatewayUrl = pushgatewayUrl == null ? null : pushgatewayUrl.toString();
    b.job = job;
    b.pushgatewayUsername = pushgatewayUsername;
    b.pushgatewayPassword = pushgatewayPassword;
    b.timeout = timeout;
    b.spoolDir = spoolDir;
    b.spoolMaxFiles = spoolMaxFiles;
    b.spoolMaxBytes = spoolMaxBytes;
    b.webhookConcurrency = webhookConcurrency;
    b.maxAttempts = maxAttempts;
    b.payloadFormat = payloadFormat;
    b.shutdownTimeout = shutdownTimeout;
    return b;
  }

  @Override
  public String toString() {
    return "SyncMetricsConfig{enabled="
        + enabled
        + ", integration="
        + integrationType
        + "/"
        + integrationIdentifier
        + "@"
        + integrationVersion
        + ", webhookUrl="
        + (webhookUrl == null ? "off" : Urls.redact(webhookUrl.toString()))
        + ", webhookSecret="
        + (webhookSecret == null ? "none" : "***")
        + ", webhookSignature="
        + webhookSignature
        + ", pushgatewayUrl="
        + (pushgatewayUrl == null ? "off" : Urls.redact(pushgatewayUrl.toString()))
        + ", job="
        + job
        + ", pushgatewayAuth="
        + (pushgatewayUsername == null ? "none" : "***")
        + ", timeout="
        + timeout
        + ", spoolDir="
        + spoolDir
        + ", payloadFormat="
        + payloadFormat.label()
        + "}";
  }

  /**
   * Collects settings; {@link #build()} validates them all at once. Each setter names, in the
   * messages of {@link ConfigException}, the environment variable it corresponds to when the value
   * came from the environment.
   */
  public static final class Builder {
    private boolean enabled;
    private String integrationType;
    private String integrationIdentifier;
    private String integrationVersion;
    private String webhookUrl;
    private String webhookSecret;
    private String webhookSignature = DEFAULT_WEBHOOK_SIGNATURE;
    private String pushgatewayUrl;
    private String job = DEFAULT_JOB;
    private String pushgatewayUsername;
    private String pushgatewayPassword;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path spoolDir;
    private int spoolMaxFiles = DEFAULT_SPOOL_MAX_FILES;
    private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    private int webhookConcurrency = DEFAULT_WEBHOOK_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private PayloadFormat payloadFormat = PayloadFormat.SEED;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

    /** Problems found while reading the environment, reported by build(). */
    private final List<String> problems = new ArrayList<>();

    /** Setting name to the environment variable it came from, for messages. */
    private final java.util.HashMap<String, String> origins = new java.util.HashMap<>();

    private Builder() {}

    /** Master switch. Default false: the reporter records nothing and sends nothing. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Who is reporting: {@code integration_type}, {@code integration_identifier}, version. Required
     * when enabled.
     */
    public Builder integration(String type, String identifier, String version) {
      this.integrationType = type;
      this.integrationIdentifier = identifier;
      this.integrationVersion = version;
      return this;
    }

    /** Where payloads are POSTed; null turns the webhook off (the default). */
    public Builder webhookUrl(String url) {
      this.webhookUrl = url;
      return this;
    }

    /**
     * HMAC-SHA256 key; when set every request is signed (docs/payload.md, "Signature"). Default
     * none.
     */
    public Builder webhookSecret(String secret) {
      this.webhookSecret = secret;
      return this;
    }

    /**
     * How requests are signed when {@link #webhookSecret} is set. Default {@code syncmetrics}: the
     * hex HMAC-SHA256 of {@code timestamp.body} in {@code X-Syncmetrics-Signature}, with {@code
     * X-Syncmetrics-Timestamp}, as the bundled catalog checks (replays are refused after five
     * minutes). {@code sha256}, {@code sha1} or {@code plain}: as the catalog vendor's webhook
     * security checks them: the hex HMAC of the body alone ({@code sha256=<hex>}, {@code
     * sha1=<hex>}) or the secret itself, in {@code X-Syncmetrics-Signature}; configure the vendor's
     * webhook with that header and prefix.
     *
     * <pre>{@code
     * builder.webhookSecret(secret).webhookSignature("sha256");   // METRICS_WEBHOOK_SIGNATURE=sha256
     * }</pre>
     */
    public Builder webhookSignature(String algorithm) {
      this.webhookSignature = algorithm;
      return this;
    }

    /**
     * Pushgateway base URL such as {@code http://127.0.0.1:9091}; null turns pushing off (the
     * default).
     */
    public Builder pushgatewayUrl(String url) {
      this.pushgatewayUrl = url;
      return this;
    }

    /** The Pushgateway {@code job} label. Default {@code sync}. */
    public Builder job(String job) {
      this.job = job;
      return this;
    }

    /** Basic auth for the Pushgateway. Default none. */
    public Builder pushgatewayBasicAuth(String username, String password) {
      this.pushgatewayUsername = username;
      this.pushgatewayPassword = password;
      return this;
    }

    /** The whole end-of-sync report returns within this. Default 30 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
      return this;
    }

    /**
     * Where undelivered payloads wait. Default {@code
     * <java.io.tmpdir>/syncmetrics-spool/<job>.<integration_type>.<integration_identifier>}.
     */
    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    /** Spool bounds: the oldest files are dropped beyond these. Default 10,000 files, 256 MiB. */
    public Builder spoolLimits(int maxFiles, long maxBytes) {
      this.spoolMaxFiles = maxFiles;
      this.spoolMaxBytes = maxBytes;
      return this;
    }

    /** Webhook requests in flight at once. Default 8. */
    public Builder webhookConcurrency(int concurrency) {
      this.webhookConcurrency = concurrency;
      return this;
    }

    /** Attempts per webhook payload within one report (1 = no retry). Default 5. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * The shape of the payloads (docs/payload.md, "Formats"): {@link PayloadFormat#SEED} (the
     * default) for the vendor's seed guide, {@link PayloadFormat#OCEAN} for its framework's key
     * paths and its current guide. The webhook, the spool and {@code push} follow it.
     */
    public Builder payloadFormat(PayloadFormat format) {
      this.payloadFormat = Objects.requireNonNull(format, "format must not be null");
      return this;
    }

    /**
     * When the JVM shuts down (SIGTERM, or the end of {@code main}), runs still open are aborted
     * and delivered within this; what is not delivered by then waits in the spool. Default 5
     * seconds; at most {@link #timeout(Duration)}'s value is used.
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout must not be null");
      return this;
    }

    private String name(String setting) {
      return origins.getOrDefault(setting, setting);
    }

    /** Validates everything and returns the configuration, or throws listing every problem. */
    public SyncMetricsConfig build() {
      List<String> all = new ArrayList<>(problems);
      HttpUrl webhook = url("webhookUrl", webhookUrl, all);
      HttpUrl pushgateway = url("pushgatewayUrl", pushgatewayUrl, all);
      if (pushgateway != null
          && (pushgateway.encodedQuery() != null
              || pushgateway.encodedFragment() != null
              || !pushgateway.encodedUsername().isEmpty()
              || !pushgateway.encodedPassword().isEmpty())) {
        all.add(
            name("pushgatewayUrl")
                + " was '"
                + Urls.redact(pushgatewayUrl)
                + "' but must be a base URL without credentials, query or fragment (use METRICS_PUSHGATEWAY_USERNAME/PASSWORD)");
        pushgateway = null;
      }
      if (enabled) {
        required("integrationType", integrationType, all);
        required("integrationIdentifier", integrationIdentifier, all);
        required("integrationVersion", integrationVersion, all);
      }
      if (job == null || job.isBlank()) {
        all.add(name("job") + " must not be empty");
      }
      if ((pushgatewayUsername == null) != (pushgatewayPassword == null)) {
        all.add(
            name("pushgatewayUsername")
                + " and "
                + name("pushgatewayPassword")
                + " must be set together");
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
        all.add(
            name("timeout")
                + " was '"
                + timeout.toSeconds()
                + "' seconds but must be between 1 and 3600");
      }
      if (shutdownTimeout.isNegative()
          || shutdownTimeout.isZero()
          || shutdownTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
        all.add(
            name("shutdownTimeout")
                + " was '"
                + shutdownTimeout.toSeconds()
                + "' seconds but must be between 1 and 600");
      }
      if (webhookSecret != null && webhookSecret.isEmpty()) {
        all.add(name("webhookSecret") + " must not be empty when set");
      }
      try {
        SignatureScheme scheme = SignatureScheme.parse(webhookSignature);
        if (webhookSecret == null && scheme != SignatureScheme.SYNCMETRICS) {
          all.add(
              name("webhookSignature")
                  + " was '"
                  + webhookSignature
                  + "' but signing needs "
                  + name("webhookSecret")
                  + " too");
        }
      } catch (IllegalArgumentException e) {
        all.add(
            name("webhookSignature")
                + " was '"
                + webhookSignature
                + "' but must be one of "
                + SignatureScheme.names());
      }
      positive("spoolMaxFiles", spoolMaxFiles, all);
      positive("spoolMaxBytes", spoolMaxBytes, all);
      positive("webhookConcurrency", webhookConcurrency, all);
      positive("maxAttempts", maxAttempts, all);
      if (!all.isEmpty()) {
        throw new ConfigException(all);
      }
      return new SyncMetricsConfig(this, webhook, pushgateway);
    }

    private void required(String setting, String value, List<String> all) {
      if (value == null || value.isBlank()) {
        all.add(name(setting) + " is required when metrics are enabled");
      }
    }

    private void positive(String setting, long value, List<String> all) {
      if (value <= 0) {
        all.add(name(setting) + " was '" + value + "' but must be a positive number");
      }
    }

    /** Parsed once, by the parser that sends it (OkHttp's), or null with the problem noted. */
    private HttpUrl url(String setting, String value, List<String> all) {
      if (value == null) {
        return null;
      }
      Urls.Parsed parsed = Urls.parse(value);
      if (parsed.url() == null) {
        all.add(name(setting) + " was '" + Urls.redact(value) + "' but " + parsed.problem());
      }
      return parsed.url();
    }
  }
}
