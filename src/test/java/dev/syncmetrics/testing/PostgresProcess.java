package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 cluster (Debian's binaries) in a temp directory on a free loopback
 * port, trust authentication for user {@code postgres}. As root it runs as the {@code postgres}
 * user, since PostgreSQL refuses to run as root. Stopped on {@link #close()} or at JVM exit.
 *
 * <pre>{@code
 * try (PostgresProcess pg = PostgresProcess.start()) {
 *   String url = pg.newDatabase();   // jdbc:postgresql://127.0.0.1:<port>/test_1
 * }
 * }</pre>
 */
public final class PostgresProcess implements AutoCloseable {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  public static final String USER = "postgres";

  private final Path dir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread shutdownHook;
  private boolean stopped;

  private PostgresProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.shutdownHook = new Thread(this::stop, "stop-postgres");
  }

  /** True when Debian's PostgreSQL 15 server binaries are installed. */
  public static boolean installed() {
    return Files.isExecutable(BIN.resolve("initdb"));
  }

  public static PostgresProcess start() {
    try {
      // under /tmp: short socket path, and every parent is traversable by postgres
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "pg");
      if (isRoot()) {
        UserPrincipal owner =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(dir, owner);
      }
      PostgresProcess pg = new PostgresProcess(dir, FreePort.find());
      pg.run(
          BIN.resolve("initdb").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-A",
          "trust",
          "-U",
          USER,
          "--no-sync",
          "-E",
          "UTF8",
          "--no-locale");
      Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
      pg.run(
          BIN.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-w",
          "-t",
          "30",
          "-o",
          "-p " + pg.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
          "start");
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  public int port() {
    return port;
  }

  /** The URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database and returns its URL. */
  public String newDatabase() {
    String name = "test_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  /** The server log's last lines, for failure messages. */
  public String logTail() {
    try {
      String text = Files.readString(dir.resolve("server.log"));
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      run(
          BIN.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-m",
          "fast",
          "-w",
          "stop");
    } catch (RuntimeException e) {
      // already gone
    }
    deleteQuietly(dir);
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void run(String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(List.of(command));
    Path log = dir.resolve("commands.log");
    try {
      Process p =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command[0] + " did not finish within 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", full)
                + " exited "
                + p.exitValue()
                + ":\n"
                + Files.readString(log)
                + "\n"
                + logTail());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
