package dev.syncmetrics.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns on the commented-out {@code remote_write} block of the shipped {@code prometheus.yml} the
 * way its comment tells an operator to: remove one {@code "# "} from the start of each line from
 * {@code # remote_write:} down to the end of the comment block, and set the url. Every other
 * setting of the block is kept as shipped. Fails with a clear message when the file no longer has
 * exactly one such block with exactly one url, rather than test something else.
 *
 * <pre>{@code
 * String yaml = RemoteWriteTestConfig.enable(
 *     PrometheusTestConfig.from(shipped, "127.0.0.1:" + pgPort, "1s"), vm.writeUrl());
 * }</pre>
 */
public final class RemoteWriteTestConfig {
  static final String START = "# remote_write:";
  private static final Pattern URL = Pattern.compile("^(\\s*-\\s*url:\\s*)\\S+\\s*$");

  private RemoteWriteTestConfig() {}

  /** The configuration {@code yaml} with its remote_write block uncommented and sent to url. */
  public static String enable(String yaml, String url) {
    List<String> out = new ArrayList<>();
    int blocks = 0;
    int urls = 0;
    boolean inBlock = false;
    for (String line : yaml.split("\n", -1)) {
      if (line.equals(START)) {
        blocks++;
        inBlock = true;
      } else if (inBlock && !line.startsWith("#")) {
        inBlock = false;
      }
      if (!inBlock) {
        out.add(line);
        continue;
      }
      String uncommented = line.equals("#") ? "" : line.startsWith("# ") ? line.substring(2) : null;
      if (uncommented == null) {
        throw shape("a remote_write line without \"# \" to remove: " + line);
      }
      Matcher m = URL.matcher(uncommented);
      if (m.matches()) {
        uncommented = m.group(1) + url;
        urls++;
      }
      out.add(uncommented);
    }
    if (blocks != 1) {
      throw shape(blocks + " commented \"" + START + "\" blocks instead of exactly one");
    }
    if (urls != 1) {
      throw shape(urls + " \"- url:\" lines in its remote_write block instead of exactly one");
    }
    return String.join("\n", out);
  }

  private static IllegalStateException shape(String what) {
    return new IllegalStateException("the shipped prometheus.yml has " + what);
  }
}
