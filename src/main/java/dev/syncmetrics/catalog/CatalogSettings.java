package dev.syncmetrics.catalog;

import dev.syncmetrics.catalog.store.EntityStore;
import dev.syncmetrics.catalog.store.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The checked settings of one {@link CatalogServer}, every default resolved. */
record CatalogSettings(
    int port,
    String bind,
    WebhookMappings mappings,
    StoreLocation location,
    EntityStore store,
    SignatureVerifier verifier,
    String apiToken,
    long maxBodyBytes,
    int threads,
    Duration requestTimeout) {

  static final int DEFAULT_PORT = 8080;
  static final String DEFAULT_BIND = "127.0.0.1";
  static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  static final int DEFAULT_THREADS = 16;
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** What the builder collected; null means "use the default". */
  static final class Values {
    int port = DEFAULT_PORT;
    String bind = DEFAULT_BIND;
    Path mappingsDir;
    WebhookMappings mappings;
    StoreLocation location;
    EntityStore store;
    String webhookSecret;
    String signatureHeader;
    String signaturePrefix;
    SignatureAlgorithm signatureAlgorithm;
    String apiToken;
    long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    int threads = DEFAULT_THREADS;
    Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    Clock clock = Clock.systemUTC();
  }

  static CatalogSettings from(Values v) {
    if (v.mappings != null && v.mappingsDir != null) {
      throw new IllegalArgumentException("give mappings or mappingsDir, not both");
    }
    if (v.store != null && v.location != null) {
      throw new IllegalArgumentException("give a store or a database location, not both");
    }
    if (v.bind.isBlank()) {
      throw new IllegalArgumentException("bind address must not be blank");
    }
    if (v.apiToken != null && v.apiToken.isBlank()) {
      throw new IllegalArgumentException("the API token must not be blank");
    }
    boolean signatureOptions =
        v.signatureHeader != null || v.signaturePrefix != null || v.signatureAlgorithm != null;
    if (signatureOptions && v.webhookSecret == null) {
      throw new IllegalArgumentException(
          "signature header, prefix and algorithm need a webhook secret");
    }
    WebhookMappings mappings =
        v.mappings != null
            ? v.mappings
            : WebhookMappings.load(v.mappingsDir == null ? Path.of("mappings") : v.mappingsDir);
    StoreLocation location =
        v.store != null || v.location != null
            ? v.location
            : StoreLocation.sqliteFile(Path.of("catalog.db"));
    return new CatalogSettings(
        v.port,
        v.bind,
        mappings,
        location,
        v.store,
        verifier(v),
        v.apiToken,
        v.maxBodyBytes,
        v.threads,
        v.requestTimeout);
  }

  private static SignatureVerifier verifier(Values v) {
    if (v.webhookSecret == null) {
      return null;
    }
    SignatureVerifier.Builder b =
        SignatureVerifier.builder().secret(v.webhookSecret).clock(v.clock);
    if (v.signatureHeader != null) {
      b.header(v.signatureHeader);
    }
    if (v.signaturePrefix != null) {
      b.prefix(v.signaturePrefix);
    }
    if (v.signatureAlgorithm != null) {
      b.algorithm(v.signatureAlgorithm);
    }
    return b.build();
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
}
