package dev.syncmetrics.internal.cli;

import dev.syncmetrics.internal.demo.Demo;
import dev.syncmetrics.internal.demo.DemoSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code syncmetrics demo}: runs the bundled sample integration end to end (the README's main job):
 * catalog, Pushgateway, sync after sync, until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the bundled sample integration end to end: the catalog on 127.0.0.1 (SQLite under the"
          + " data directory), Debian's prometheus-pushgateway on a free port when installed, and"
          + " a sync of four kinds every --interval with its metrics sent to both.",
      "Open the dashboard URL it prints. Stop with Ctrl-C."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Kept here so the level set below is not lost to garbage collection. */
  private static final Logger QUIET = Logger.getLogger("dev.syncmetrics");

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Catalog database, run number and logs (default ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("demo-data");

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The catalog's port (default 8080, or a free one when 8080 is busy).")
  Integer port;

  @Option(
      names = "--pushgateway-port",
      paramLabel = "PORT",
      description = "The Pushgateway's port (default: a free one).")
  int pushgatewayPort;

  @Option(
      names = "--pushgateway-binary",
      paramLabel = "FILE",
      description =
          "The Pushgateway to start: a name looked up in PATH or a path"
              + " (default ${DEFAULT-VALUE}).")
  String pushgatewayBinary = "prometheus-pushgateway";

  @Option(names = "--no-pushgateway", description = "Do not start a Pushgateway.")
  boolean noPushgateway;

  @Option(
      names = "--pushgateway-url",
      paramLabel = "URL",
      description =
          "Push to this Pushgateway (such as http://127.0.0.1:9091) instead of" + " starting one.")
  String pushgatewayUrl;

  @Option(
      names = "--mappings",
      paramLabel = "DIR",
      description =
          "The catalog's mappings (default ${DEFAULT-VALUE}; those in the jar when the"
              + " directory is absent).")
  Path mappings = Path.of("mappings");

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = IntervalConverter.class,
      description = "Time between syncs: 30s, 2m, 500ms or seconds (default 30s).")
  Duration interval = Duration.ofSeconds(30);

  @Option(
      names = "--once",
      description =
          "Stop after the first sync; exit 0 when it completed"
              + " and its metrics were delivered.")
  boolean once;

  @Override
  public Integer call() throws Exception {
    QUIET.setLevel(Level.WARNING);
    PrintStream out = System.out;
    DemoSettings.Builder b =
        DemoSettings.builder()
            .dataDir(dataDir)
            .pushgateway(!noPushgateway)
            .pushgatewayPort(pushgatewayPort)
            .pushgatewayBinary(pushgatewayBinary)
            .mappingsDir(mappings)
            .interval(interval)
            .once(once)
            .out(out)
            .live(System.console() != null);
    if (port != null) {
      b.port(port);
    }
    if (pushgatewayUrl != null) {
      b.pushgatewayUrl(pushgatewayUrl);
    }
    Demo demo = new Demo(b.build());
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println();
              out.println(
                  "Stopping: finishing the sync under way, then the Pushgateway and the catalog.");
              demo.stop();
              try {
                done.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return demo.run();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for us
      }
    }
  }

  /** Parses {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1h} or a number of seconds. */
  static final class IntervalConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
        }
        if (v.isEmpty()) {
          throw new NumberFormatException();
        }
        char unit = v.charAt(v.length() - 1);
        String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        long n = Long.parseLong(number);
        switch (unit) {
          case 's':
            return positive(Duration.ofSeconds(n), value);
          case 'm':
            return positive(Duration.ofMinutes(n), value);
          case 'h':
            return positive(Duration.ofHours(n), value);
          default:
            if (Character.isDigit(unit)) {
              return positive(Duration.ofSeconds(n), value);
            }
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration such as 30s, 2m or" + " 500ms");
    }

    private static Duration positive(Duration d, String value) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("the interval must be positive, not '" + value + "'");
      }
      return d;
    }
  }
}
