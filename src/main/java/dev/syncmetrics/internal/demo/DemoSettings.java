package dev.syncmetrics.internal.demo;

import static java.util.Objects.requireNonNull;

import dev.syncmetrics.internal.catalog.WebhookMappings;
import dev.syncmetrics.mapping.Mappings;
import dev.syncmetrics.sample.SampleMappings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's settings, every default resolved, and the mappings its catalog serves.
 *
 * <pre>{@code
 * Demo demo = new Demo(DemoSettings.builder().dataDir(Path.of("demo-data")).once(true).build());
 * }</pre>
 */
public record DemoSettings(
    Path dataDir,
    Integer port,
    boolean pushgateway,
    String pushgatewayUrl,
    int pushgatewayPort,
    String pushgatewayBinary,
    String path,
    Duration interval,
    boolean once,
    PrintStream out,
    boolean live,
    WebhookMappings mappings,
    String mappingsSource) {

  static final int DEFAULT_PORT = 8080;

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link Demo}; every setting has a default. */
  public static final class Builder {
    private Path dataDir = Path.of("demo-data");
    private Integer port;
    private boolean pushgateway = true;
    private String pushgatewayUrl;
    private int pushgatewayPort;
    private String pushgatewayBinary = PushgatewayChild.BINARY;
    private String path = System.getenv("PATH");
    private Duration interval = Duration.ofSeconds(30);
    private boolean once;
    private PrintStream out = System.out;
    private boolean live;
    private Path mappingsDir = Path.of("mappings");

    private Builder() {}

    /** Where the catalog's database, the run number and logs live; default {@code demo-data}. */
    public Builder dataDir(Path dir) {
      this.dataDir = requireNonNull(dir, "dir must not be null");
      return this;
    }

    /** The catalog's port; default 8080, or a free one when 8080 is busy. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** Whether to start a Pushgateway; default true (when it is installed). */
    public Builder pushgateway(boolean start) {
      this.pushgateway = start;
      return this;
    }

    /**
     * Sends to this Pushgateway (such as {@code http://127.0.0.1:9091}) instead of starting one.
     */
    public Builder pushgatewayUrl(String url) {
      String u = requireNonNull(url, "url must not be null").strip();
      this.pushgatewayUrl = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
      return this;
    }

    /** The Pushgateway's port; default 0, a free one. */
    public Builder pushgatewayPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("pushgateway port must be 0..65535, not " + port);
      }
      this.pushgatewayPort = port;
      return this;
    }

    /** The Pushgateway binary, a name looked up in {@link #path} or a path; default Debian's. */
    public Builder pushgatewayBinary(String binary) {
      this.pushgatewayBinary = requireNonNull(binary, "binary must not be null");
      return this;
    }

    /** The directories to look for the binary in; default the {@code PATH} variable. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Time between the end of one sync and the start of the next; default 30 s. */
    public Builder interval(Duration interval) {
      requireNonNull(interval, "interval must not be null");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, not " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Stop after the first sync; default false (sync every {@link #interval}). */
    public Builder once(boolean once) {
      this.once = once;
      return this;
    }

    /** Where to print; default {@code System.out}. */
    public Builder out(PrintStream out) {
      this.out = requireNonNull(out, "out must not be null");
      return this;
    }

    /** Redraw progress lines in place (for a terminal); default false (plain lines). */
    public Builder live(boolean live) {
      this.live = live;
      return this;
    }

    /** The catalog's mappings; default {@code mappings/}, or those in the jar when it is absent. */
    public Builder mappingsDir(Path dir) {
      this.mappingsDir = requireNonNull(dir, "dir must not be null");
      return this;
    }

    /**
     * Loads the mappings and builds the demo.
     *
     * @throws dev.syncmetrics.mapping.MappingLoadException when the mappings cannot be loaded
     */
    public DemoSettings build() {
      Mappings top;
      String source;
      if (Files.isDirectory(mappingsDir)) {
        top = Mappings.load(mappingsDir);
        source = mappingsDir.toString();
      } else {
        top = BundledMappings.load();
        source = "the jar (no " + mappingsDir + " directory here)";
      }
      WebhookMappings served =
          DemoMappings.of(WebhookMappings.of(top), SampleMappings.blueprints());
      return new DemoSettings(
          dataDir,
          port,
          pushgateway,
          pushgatewayUrl,
          pushgatewayPort,
          pushgatewayBinary,
          path,
          interval,
          once,
          out,
          live,
          served,
          source);
    }
  }
}
