package dev.syncmetrics.catalog;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.CatalogService;
import dev.syncmetrics.internal.catalog.CatalogSettings;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The catalog: webhook receiver, entity API and dashboard on the JDK's HTTP server, with its
 * entities in a SQLite file or a PostgreSQL database.
 *
 * <pre>{@code
 * try (CatalogServer catalog = CatalogServer.builder()
 *     .port(0)                                   // a free port
 *     .mappingsDir(Path.of("mappings"))
 *     .database("catalog.db")                    // or "jdbc:postgresql://db:5432/catalog", user, pw
 *     .webhookSecret("s3cret")
 *     .build()
 *     .start()) {
 *   String url = catalog.url();                  // http://127.0.0.1:<port>/
 * }
 * }</pre>
 *
 * <p>The database is opened by {@link #start} and closed by {@link #close}.
 */
public final class CatalogServer implements Closeable {
  private final CatalogService service;

  private CatalogServer(CatalogService service) {
    this.service = service;
  }

  /**
   * A builder with every default: port 8080 on 127.0.0.1, {@code mappings/}, {@code catalog.db}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the database and starts answering requests.
   *
   * @throws IOException when the address cannot be bound (a {@link java.net.BindException}) or the
   *     database cannot be opened
   * @throws IllegalStateException when already started
   */
  public CatalogServer start() throws IOException {
    service.start();
    return this;
  }

  /** The port the server listens on (the chosen one when built with port 0). */
  public int port() {
    return service.port();
  }

  /** The dashboard's URL, such as {@code http://127.0.0.1:8080/}. */
  public String url() {
    return service.url();
  }

  /**
   * Answers new requests with 503, lets those under way finish (up to five seconds), stops the HTTP
   * server and closes the database. Safe to call more than once.
   */
  @Override
  public void close() {
    service.close();
  }

  /**
   * Configures a {@link CatalogServer}; every setting has a default.
   *
   * <pre>{@code
   * CatalogServer catalog = CatalogServer.builder().port(8080).apiToken(token).build();
   * }</pre>
   */
  public static final class Builder {
    private final CatalogSettings.Builder settings = CatalogSettings.builder();

    private Builder() {}

    /** TCP port; default 8080, 0 for a free one. */
    public Builder port(int port) {
      settings.port(port);
      return this;
    }

    /** Address to listen on; default {@code 127.0.0.1} (this machine only). */
    public Builder bind(String address) {
      settings.bind(address);
      return this;
    }

    /**
     * Loads blueprints ({@code dir/blueprints/*.json}) and webhook mappings ({@code
     * dir/webhooks/*.json}) when {@link #build} runs; default {@code mappings}.
     */
    public Builder mappingsDir(Path dir) {
      settings.mappingsDir(dir);
      return this;
    }

    /**
     * The database: the path of a SQLite file (created when missing; its folder must exist) or a
     * {@code jdbc:postgresql://} URL; default the SQLite file {@code catalog.db}.
     *
     * @throws IllegalArgumentException for an empty value or another kind of JDBC URL
     */
    public Builder database(String db) {
      return database(db, null, null);
    }

    /**
     * As {@link #database(String)}, with the database's credentials.
     *
     * @param user the database user, or null
     * @param password the password, or null; never logged nor put in an error message
     */
    public Builder database(String db, String user, String password) {
      settings.database(requireNonNull(db, "db must not be null"), user, password);
      return this;
    }

    /** Requires every webhook to be signed with this secret; default none (unsigned). */
    public Builder webhookSecret(String secret) {
      settings.webhookSecret(secret);
      return this;
    }

    /** The header that carries the signature; default {@code X-Syncmetrics-Signature}. */
    public Builder signatureHeader(String header) {
      settings.signatureHeader(header);
      return this;
    }

    /** Text before the signature; default the algorithm's ({@code sha256=}, {@code sha1=}). */
    public Builder signaturePrefix(String prefix) {
      settings.signaturePrefix(prefix);
      return this;
    }

    /**
     * How webhooks are signed, any case: {@code sha256} (the default: HMAC-SHA256 of {@code
     * timestamp.body}, as the reporter signs), {@code sha1} (HMAC-SHA1 of the body) or {@code
     * plain} (the header carries the secret itself).
     *
     * @throws IllegalArgumentException for any other name
     */
    public Builder signatureAlgorithm(String algorithm) {
      settings.signatureAlgorithm(algorithm);
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} on the write API; default none (open). */
    public Builder apiToken(String token) {
      settings.apiToken(token);
      return this;
    }

    /** Largest request body accepted; default 1 MiB. Larger ones get 413. */
    public Builder maxBodyBytes(long bytes) {
      settings.maxBodyBytes(bytes);
      return this;
    }

    /** Request-handling threads; default 16. */
    public Builder threads(int threads) {
      settings.threads(threads);
      return this;
    }

    /**
     * How long a client may take to send a request or read the answer before its connection is
     * closed; default 30 s. JVM-wide: only the first server started in a JVM sets it.
     */
    public Builder requestTimeout(Duration timeout) {
      settings.requestTimeout(timeout);
      return this;
    }

    /**
     * The clock the catalog reads: webhook timestamps are checked against it and entities are
     * stamped with it; default {@link Clock#SYSTEM}.
     */
    public Builder clock(Clock clock) {
      settings.clock(clock);
      return this;
    }

    /**
     * An integration that has been syncing for longer than {@code factor} times its last run's
     * duration is shown {@code STALLED} by {@code GET /api/sync-status}; default 3.
     */
    public Builder stalledFactor(double factor) {
      settings.stalledFactor(factor);
      return this;
    }

    /**
     * Checks the settings and loads the mappings.
     *
     * @throws dev.syncmetrics.mapping.MappingLoadException when the mappings cannot be loaded
     * @throws IllegalArgumentException for settings that do not fit together
     */
    public CatalogServer build() {
      return new CatalogServer(new CatalogService(settings.build()));
    }
  }
}
