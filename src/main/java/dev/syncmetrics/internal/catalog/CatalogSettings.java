package dev.syncmetrics.internal.catalog;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import dev.syncmetrics.internal.catalog.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checked settings of one catalog, every default resolved. The public {@code CatalogServer}
 * builder fills a {@link Builder}; the demo and tests use it directly to give what embedders
 * cannot: mappings already loaded, or a store of their own.
 *
 * <pre>{@code
 * CatalogSettings settings =
 *     CatalogSettings.builder().port(0).mappings(mappings).store(store).build();
 * try (CatalogService catalog = new CatalogService(settings).start()) { ... }
 * }</pre>
 *
 * @param location the database to open at start, or null when {@code store} is given
 * @param store a store the caller opened and will close, or null
 * @param verifier checks webhook signatures, or null when webhooks are unsigned
 * @param apiToken the write API's bearer token, or null when it is open
 * @param stalledFactor an integration syncing longer than this many times its last run's duration
 *     is {@code STALLED} ({@code GET /api/sync-status})
 */
public record CatalogSettings(
    int port,
    String bind,
    WebhookMappings mappings,
    StoreLocation location,
    EntityStore store,
    SignatureVerifier verifier,
    String apiToken,
    long maxBodyBytes,
    int threads,
    Duration requestTimeout,
    Clock clock,
    double stalledFactor) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_THREADS = 16;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final double DEFAULT_STALLED_FACTOR = 3;

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    // never the secret or the token
    return "CatalogSettings[port="
        + port
        + ", bind="
        + bind
        + ", db="
        + location
        + ", signed="
        + (verifier != null)
        + ", apiToken="
        + (apiToken != null)
        + "]";
  }

  /**
   * Collects the settings; each setter checks its own value, {@link #build} how they fit together.
   * Unset values take the defaults above (the mappings from {@code mappings/}, the SQLite file
   * {@code catalog.db}, the system clock).
   */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private String bind = DEFAULT_BIND;
    private Path mappingsDir;
    private WebhookMappings mappings;
    private StoreLocation location;
    private EntityStore store;
    private String webhookSecret;
    private String signatureHeader;
    private String signaturePrefix;
    private SignatureAlgorithm signatureAlgorithm;
    private String apiToken;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int threads = DEFAULT_THREADS;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Clock clock = Clock.SYSTEM;
    private double stalledFactor = DEFAULT_STALLED_FACTOR;

    private Builder() {}

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, not " + port);
      }
      this.port = port;
      return this;
    }

    public Builder bind(String address) {
      this.bind = requireNonNull(address, "address must not be null");
      return this;
    }

    public Builder mappingsDir(Path dir) {
      this.mappingsDir = requireNonNull(dir, "dir must not be null");
      return this;
    }

    /** Mappings already loaded (the demo's, or a fake in tests) instead of a directory. */
    public Builder mappings(WebhookMappings mappings) {
      this.mappings = requireNonNull(mappings, "mappings must not be null");
      return this;
    }

    /**
     * A SQLite file path or a {@code jdbc:postgresql://} (or {@code jdbc:sqlite:}) URL.
     *
     * @param user the database user, or null
     * @param password the database password, or null
     * @throws IllegalArgumentException for an empty value or another kind of JDBC URL
     */
    public Builder database(String db, String user, String password) {
      return database(StoreLocation.parse(db, user, password));
    }

    public Builder database(StoreLocation location) {
      this.location = requireNonNull(location, "location must not be null");
      return this;
    }

    /** A store the caller opened and will close, instead of a database to open. */
    public Builder store(EntityStore store) {
      this.store = requireNonNull(store, "store must not be null");
      return this;
    }

    public Builder webhookSecret(String secret) {
      this.webhookSecret = requireNonNull(secret, "secret must not be null");
      return this;
    }

    public Builder signatureHeader(String header) {
      this.signatureHeader = requireNonNull(header, "header must not be null");
      return this;
    }

    public Builder signaturePrefix(String prefix) {
      this.signaturePrefix = requireNonNull(prefix, "prefix must not be null");
      return this;
    }

    /**
     * @throws IllegalArgumentException unless {@code sha256}, {@code sha1} or {@code plain}
     */
    public Builder signatureAlgorithm(String algorithm) {
      requireNonNull(algorithm, "algorithm must not be null");
      this.signatureAlgorithm = SignatureAlgorithm.parse(algorithm);
      return this;
    }

    public Builder apiToken(String token) {
      this.apiToken = requireNonNull(token, "token must not be null");
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, not " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, not " + threads);
      }
      this.threads = threads;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout must not be null");
      if (timeout.toSeconds() < 1) {
        throw new IllegalArgumentException("requestTimeout must be at least one second");
      }
      this.requestTimeout = timeout;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * An integration syncing for longer than {@code factor} times its last run's duration is shown
     * {@code STALLED}; default 3.
     */
    public Builder stalledFactor(double factor) {
      if (!(factor > 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException(
            "stalledFactor must be a positive number, not " + factor);
      }
      this.stalledFactor = factor;
      return this;
    }

    /**
     * Checks that the settings fit together and loads the mappings.
     *
     * @throws dev.syncmetrics.mapping.MappingLoadException when the mappings cannot be loaded
     * @throws IllegalArgumentException for settings that do not fit together
     */
    public CatalogSettings build() {
      if (mappings != null && mappingsDir != null) {
        throw new IllegalArgumentException("give mappings or mappingsDir, not both");
      }
      if (store != null && location != null) {
        throw new IllegalArgumentException("give a store or a database location, not both");
      }
      if (bind.isBlank()) {
        throw new IllegalArgumentException("bind address must not be blank");
      }
      if (apiToken != null && apiToken.isBlank()) {
        throw new IllegalArgumentException("the API token must not be blank");
      }
      boolean signatureOptions =
          signatureHeader != null || signaturePrefix != null || signatureAlgorithm != null;
      if (signatureOptions && webhookSecret == null) {
        throw new IllegalArgumentException(
            "signature header, prefix and algorithm need a webhook secret");
      }
      WebhookMappings loaded =
          mappings != null
              ? mappings
              : WebhookMappings.load(mappingsDir == null ? Path.of("mappings") : mappingsDir);
      StoreLocation db =
          store != null || location != null
              ? location
              : StoreLocation.sqliteFile(Path.of("catalog.db"));
      return new CatalogSettings(
          port,
          bind,
          loaded,
          db,
          store,
          verifier(),
          apiToken,
          maxBodyBytes,
          threads,
          requestTimeout,
          clock,
          stalledFactor);
    }

    private SignatureVerifier verifier() {
      if (webhookSecret == null) {
        return null;
      }
      SignatureVerifier.Builder b = SignatureVerifier.builder().secret(webhookSecret).clock(clock);
      if (signatureHeader != null) {
        b.header(signatureHeader);
      }
      if (signaturePrefix != null) {
        b.prefix(signaturePrefix);
      }
      if (signatureAlgorithm != null) {
        b.algorithm(signatureAlgorithm);
      }
      return b.build();
    }
  }
}
