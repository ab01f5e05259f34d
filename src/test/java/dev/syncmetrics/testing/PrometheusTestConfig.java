package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus configuration for a test, generated from the shipped {@code prometheus.yml} by
 * line-wise text substitution (no YAML library): every {@code scrape_interval}, {@code
 * scrape_timeout} and {@code evaluation_interval} set to the test's interval, the one scrape target
 * replaced, and each {@code rule_files} entry made absolute (resolved against the shipped file's
 * directory, as Prometheus does). It fails with a clear message when the shipped file no longer has
 * the shape it understands, rather than generating something else.
 *
 * <pre>{@code
 * String yaml = PrometheusTestConfig.from(shipped, "127.0.0.1:" + pgPort, "1s");
 * }</pre>
 */
public final class PrometheusTestConfig {
  private static final Pattern INTERVAL =
      Pattern.compile("^(\\s*)(scrape_interval|scrape_timeout|evaluation_interval):\\s*\\S+(.*)$");
  private static final Pattern TARGETS = Pattern.compile("^(\\s*-?\\s*)targets:\\s*\\[(.*)](.*)$");
  private static final Pattern LIST_ITEM =
      Pattern.compile("^(\\s*)-\\s*(['\"]?)([^'\"#]+)\\2\\s*$");

  private PrometheusTestConfig() {}

  /** Reads {@code shipped} and returns the generated configuration's text. */
  public static String from(Path shipped, String target, String interval) {
    try {
      Path dir = shipped.toAbsolutePath().getParent();
      return from(Files.readString(shipped), dir, target, interval);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shipped, e);
    }
  }

  /** As {@link #from(Path, String, String)}, for a text whose rule files are relative to dir. */
  public static String from(String yaml, Path dir, String target, String interval) {
    List<String> out = new ArrayList<>();
    int evaluationIntervals = 0;
    int scrapeIntervals = 0;
    int targets = 0;
    int ruleFiles = 0;
    boolean inRuleFiles = false;
    for (String line : yaml.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        out.add(line);
        continue;
      }
      if (inRuleFiles && !Character.isWhitespace(line.charAt(0)) && !trimmed.startsWith("-")) {
        inRuleFiles = false;
      }
      Matcher m;
      if (trimmed.equals("rule_files:")) {
        inRuleFiles = true;
        out.add(line);
      } else if (inRuleFiles && (m = LIST_ITEM.matcher(line)).matches()) {
        Path rules = dir.resolve(m.group(3).strip()).toAbsolutePath().normalize();
        out.add(m.group(1) + "- '" + rules + "'");
        ruleFiles++;
      } else if (inRuleFiles) {
        throw shape("a rule_files entry it cannot read: " + trimmed);
      } else if ((m = INTERVAL.matcher(line)).matches()) {
        out.add(m.group(1) + m.group(2) + ": " + interval + m.group(3));
        if (m.group(2).equals("evaluation_interval")) {
          evaluationIntervals++;
        } else if (m.group(2).equals("scrape_interval")) {
          scrapeIntervals++;
        }
      } else if ((m = TARGETS.matcher(line)).matches()) {
        if (m.group(2).contains(",")) {
          throw shape("more than one scrape target in: " + trimmed);
        }
        out.add(m.group(1) + "targets: ['" + target + "']" + m.group(3));
        targets++;
      } else if (trimmed.startsWith("targets:") || trimmed.startsWith("- targets:")) {
        throw shape("targets not written as a [ ] list: " + trimmed);
      } else {
        out.add(line);
      }
    }
    if (evaluationIntervals != 1 || scrapeIntervals == 0) {
      throw shape("not one evaluation_interval and at least one scrape_interval");
    }
    if (targets != 1) {
      throw shape(targets + " targets lines instead of exactly one (the Pushgateway)");
    }
    if (ruleFiles == 0) {
      throw shape("no rule_files entry");
    }
    return String.join("\n", out);
  }

  private static IllegalStateException shape(String what) {
    return new IllegalStateException("the shipped prometheus.yml has " + what);
  }
}
