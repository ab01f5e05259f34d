package dev.syncmetrics.internal.cli;

import dev.syncmetrics.ConfigException;
import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncMetricsConfig;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.internal.Version;
import dev.syncmetrics.internal.config.EnvironmentReader;
import dev.syncmetrics.internal.payload.PayloadConverter;
import dev.syncmetrics.internal.payload.PayloadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code push FILE|DIR...}: sends payload files to the configured webhook and Pushgateway. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Sends payload files (or every *.json file of a directory) to the webhook and Pushgateway",
      "configured by the METRICS_* environment variables (see docs/configuration.md).",
      "Each file holds one payload as the reporter sends it, in either format; one that is not",
      "in the METRICS_PAYLOAD_FORMAT format (seed by default) is rewritten in it before it is",
      "sent. With --spool, first redelivers what earlier reports left in METRICS_SPOOL_DIR, as",
      "it was written.",
      "Exit code: 0 when everything was delivered, 1 when some delivery failed, 2 on bad input."
    })
public final class PushCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "payload files or directories")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--spool", description = "redeliver the spool (METRICS_SPOOL_DIR) first")
  boolean spool;

  /** The environment to read; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    if (paths.isEmpty() && !spool) {
      System.err.println("error: give payload files or directories, or --spool (see push --help)");
      return 2;
    }
    List<Payload> payloads;
    try {
      payloads = read(paths);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    // who is reporting, read as the reporter reads it (METRICS_* or the OCEAN__* aliases)
    EnvironmentReader.Reading who = EnvironmentReader.read(environment);
    boolean identified = who.integrationType() != null && who.integrationIdentifier() != null;
    if (spool && who.spoolDir() == null && !identified) {
      System.err.println(
          "error: --spool needs METRICS_SPOOL_DIR, or METRICS_INTEGRATION_TYPE and"
              + " METRICS_INTEGRATION_IDENTIFIER (whose default spool it then reads)");
      return 2;
    }
    SyncMetricsConfig config;
    try {
      SyncMetricsConfig.Builder b = SyncMetricsConfig.fromEnvironment(environment).enabled(true);
      if (!identified) {
        // the payloads say who reported them; the reporter's own identity is not needed to push
        b.integration("push", "push", Version.VERSION);
      } else if (who.integrationVersion() == null) {
        b.integration(who.integrationType(), who.integrationIdentifier(), Version.VERSION);
      }
      config = b.build();
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    if (config.webhookUrl() == null && config.pushgatewayUrl() == null) {
      System.err.println(
          "error: neither METRICS_WEBHOOK_URL nor METRICS_PUSHGATEWAY_URL is set: nowhere to push");
      return 2;
    }
    List<Payload> sent;
    try {
      sent = PayloadConverter.to(config.payloadFormat(), payloads);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    long rewritten =
        java.util.stream.IntStream.range(0, sent.size())
            .filter(i -> sent.get(i) != payloads.get(i))
            .count();
    if (rewritten > 0) {
      System.out.println(
          "rewrote "
              + rewritten
              + " of "
              + payloads.size()
              + " payloads in the "
              + config.payloadFormat().label()
              + " format (METRICS_PAYLOAD_FORMAT)");
    }
    boolean ok = true;
    try (SyncReporter reporter = SyncReporter.builder(config).build()) {
      if (spool) {
        ReportResult r = reporter.redeliverSpool();
        System.out.println("spool: " + r);
        ok = r.allDelivered();
      }
      if (!sent.isEmpty()) {
        ReportResult r = reporter.deliver(sent);
        System.out.println(r);
        ok &= r.allDelivered();
      }
    }
    return ok ? 0 : 1;
  }

  static List<Payload> read(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".json") && Files.isRegularFile(f))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new IllegalArgumentException(p + ": cannot list directory: " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new IllegalArgumentException(p + ": no such file or directory");
      }
    }
    List<Payload> payloads = new ArrayList<>();
    for (Path f : files) {
      try {
        payloads.add(PayloadReader.parse(f.toString(), Files.readAllBytes(f)));
      } catch (IOException e) {
        throw new IllegalArgumentException(f + ": cannot read: " + e.getMessage());
      }
    }
    return payloads;
  }
}
