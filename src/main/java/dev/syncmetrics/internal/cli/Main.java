package dev.syncmetrics.internal.cli;

import dev.syncmetrics.internal.Version;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/syncmetrics.jar <command>}: the command-line entry point.
 *
 * <p>Every command answers {@code --help}. Errors a user can act on are printed as one line without
 * a stack trace, and the process exits non-zero.
 */
@Command(
    name = "syncmetrics",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Observability for data integrations: sync metrics, mappings and a catalog.",
    subcommands = {
      CommandLine.HelpCommand.class,
      PushCommand.class,
      CatalogCommand.class,
      MapCommand.class,
      DemoCommand.class
    })
public final class Main implements Runnable {
  /** Kept here: java.util.logging holds loggers weakly, and a collected one loses its level. */
  private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

  private static final Logger JETTY_PARSER_LOG = Logger.getLogger("org.eclipse.jetty.http");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // one line per log record on stderr, unless the user configured logging themselves
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null
        && System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
      // the catalog's HTTP server: no start-up banner, and no line per malformed request (a
      // client could fill the log with them); the client gets a JSON 400 instead
      JETTY_LOG.setLevel(Level.WARNING);
      JETTY_PARSER_LOG.setLevel(Level.SEVERE);
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests: no {@code System.exit}). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + messageOf(e));
          return 2;
        });
    return cli.execute(args);
  }

  private static String messageOf(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"syncmetrics " + Version.VERSION};
    }
  }
}
