package dev.syncmetrics.internal.cli;

import dev.syncmetrics.catalog.CatalogServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code syncmetrics catalog}: serves the catalog (webhook receiver, entity API, dashboard) until
 * the process is stopped.
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the catalog: webhook receiver, entity API and dashboard.",
      "Secrets are best given by environment: CATALOG_WEBHOOK_SECRET, CATALOG_API_TOKEN,"
          + " CATALOG_READ_TOKEN, CATALOG_DB_USER, CATALOG_DB_PASSWORD."
    })
public final class CatalogCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default ${DEFAULT-VALUE}; 0 = any free).")
  int port = 8080;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(
      names = "--mappings",
      paramLabel = "DIR",
      description = "Mappings directory (default ${DEFAULT-VALUE}).")
  Path mappings = Path.of("mappings");

  @Option(
      names = "--db",
      paramLabel = "FILE|JDBC_URL",
      description = "SQLite file, or a jdbc:postgresql:// URL (default ${DEFAULT-VALUE}).")
  String db = "catalog.db";

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user (or env CATALOG_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "Database password (or env CATALOG_DB_PASSWORD).")
  String dbPassword;

  @Option(
      names = "--webhook-secret",
      paramLabel = "SECRET",
      description = "Require signed webhooks (or env CATALOG_WEBHOOK_SECRET).")
  String webhookSecret;

  @Option(
      names = "--signature-header",
      paramLabel = "HEADER",
      description = "Header carrying the signature (default X-Syncmetrics-Signature).")
  String signatureHeader;

  @Option(
      names = "--signature-prefix",
      paramLabel = "PREFIX",
      description = "Text before the signature (default sha256= / sha1= / none).")
  String signaturePrefix;

  @Option(
      names = "--signature-algorithm",
      paramLabel = "ALGORITHM",
      description =
          "syncmetrics (HMAC-SHA256 of timestamp.body, the default), sha256 or sha1 (HMAC of"
              + " the body, as GitHub and the catalog vendor) or plain (the secret itself).")
  String signatureAlgorithm;

  @Option(
      names = "--api-token",
      paramLabel = "TOKEN",
      description = "Bearer token required by the write API (or env CATALOG_API_TOKEN).")
  String apiToken;

  @Option(
      names = "--read-token",
      paramLabel = "TOKEN",
      description =
          "Bearer token (or Basic password) required by every read: entities, history,"
              + " /metrics, the dashboard (or env CATALOG_READ_TOKEN).")
  String readToken;

  @Option(
      names = "--allowed-hosts",
      paramLabel = "HOST[,HOST...]",
      split = ",",
      description =
          "Names this catalog is reached by (host or host:port): browsers may write only from"
              + " these, the loopback names and the bind address, and any other Host header is"
              + " refused (or env CATALOG_ALLOWED_HOSTS).")
  List<String> allowedHosts;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "Open connections at most (default ${DEFAULT-VALUE}).")
  int maxConnections = 10_000;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "BYTES",
      description = "Largest request body accepted (default ${DEFAULT-VALUE}).")
  long maxBodyBytes = 1024 * 1024;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Requests handled at once (default ${DEFAULT-VALUE}); 16 times as many may wait, then"
              + " 503 with Retry-After.")
  int threads = 16;

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      description =
          "Seconds a request body may take to arrive (else 408), and a connection may stay"
              + " silent (default ${DEFAULT-VALUE}).")
  long requestTimeoutSeconds = 30;

  @Option(
      names = "--stalled-factor",
      paramLabel = "X",
      description =
          "Show a run under way as STALLED after X times the last run's duration"
              + " (default ${DEFAULT-VALUE}).")
  double stalledFactor = 3;

  @Option(
      names = "--stalled-minimum",
      paramLabel = "SECONDS",
      description = "... but never before SECONDS (default ${DEFAULT-VALUE}).")
  long stalledMinimumSeconds = 60;

  @Option(
      names = "--seen-event-retention",
      paramLabel = "DAYS",
      description =
          "Days the key of each webhook event is kept to recognise redeliveries"
              + " (default ${DEFAULT-VALUE}).")
  int seenEventRetentionDays = 30;

  /** The environment secrets are read from (a map in tests). */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws IOException {
    CatalogServer server = build();
    try {
      server.start();
    } catch (BindException e) {
      throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    PrintWriter out = spec.commandLine().getOut();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  out.println("catalog stopped");
                  out.flush();
                  stopped.countDown();
                },
                "catalog-shutdown"));
    out.println("catalog ready: " + server.url() + " (stop with Ctrl-C)");
    out.flush();
    warnWhenExposed();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }

  CatalogServer build() throws IOException {
    CatalogServer.Builder b =
        CatalogServer.builder()
            .port(port)
            .bind(bind)
            .mappingsDir(mappings)
            .stalledFactor(stalledFactor)
            .database(
                db, orEnv(dbUser, "CATALOG_DB_USER"), orEnv(dbPassword, "CATALOG_DB_PASSWORD"))
            .maxBodyBytes(maxBodyBytes)
            .threads(threads)
            .maxConnections(maxConnections)
            .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
            .stalledMinimum(Duration.ofSeconds(stalledMinimumSeconds))
            .seenEventRetention(Duration.ofDays(seenEventRetentionDays));
    if (!db.trim().startsWith("jdbc:")) {
      Path parent = Path.of(db.trim()).toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    }
    String secret = orEnv(webhookSecret, "CATALOG_WEBHOOK_SECRET");
    if (secret != null) {
      b.webhookSecret(secret);
    }
    String token = orEnv(apiToken, "CATALOG_API_TOKEN");
    if (token != null) {
      b.apiToken(token);
    }
    String read = orEnv(readToken, "CATALOG_READ_TOKEN");
    if (read != null) {
      b.readToken(read);
    }
    List<String> hosts = allowedHosts;
    String hostsFromEnv = orEnv(null, "CATALOG_ALLOWED_HOSTS");
    if (hosts == null && hostsFromEnv != null) {
      hosts = Arrays.asList(hostsFromEnv.split(","));
    }
    if (hosts != null) {
      b.allowedHosts(hosts);
    }
    if (signatureHeader != null) {
      b.signatureHeader(signatureHeader);
    }
    if (signaturePrefix != null) {
      b.signaturePrefix(signaturePrefix);
    }
    if (signatureAlgorithm != null) {
      b.signatureAlgorithm(signatureAlgorithm);
    }
    return b.build();
  }

  /** Anyone who can reach a non-loopback address could post webhooks or write entities. */
  private void warnWhenExposed() {
    boolean loopback = bind.equals("127.0.0.1") || bind.equals("::1") || bind.equals("localhost");
    if (loopback) {
      return;
    }
    PrintWriter err = spec.commandLine().getErr();
    if (orEnv(webhookSecret, "CATALOG_WEBHOOK_SECRET") == null) {
      err.println(
          "warning: listening on "
              + bind
              + " without a webhook secret: anyone who can"
              + " reach it can post webhooks (set CATALOG_WEBHOOK_SECRET)");
    }
    if (orEnv(apiToken, "CATALOG_API_TOKEN") == null) {
      err.println(
          "warning: listening on "
              + bind
              + " without an API token: anyone who can"
              + " reach it can write entities (set CATALOG_API_TOKEN)");
    }
    err.flush();
  }

  private String orEnv(String value, String variable) {
    if (value != null) {
      return value;
    }
    String fromEnv = env.get(variable);
    return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
  }
}
