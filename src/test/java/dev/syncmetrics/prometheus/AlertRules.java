package dev.syncmetrics.prometheus;

import dev.syncmetrics.testing.ProjectDir;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped alert rules (docs/prometheus/alerts.yml) as tests read them: each alert's name and
 * its expression, exactly as written, read line by line (the project has no YAML library). It
 * understands the shapes the file uses, {@code expr: <one line>} and {@code expr: |} followed by a
 * more indented block, and fails on any other rather than hand a test half an expression.
 *
 * <pre>{@code
 * Map<String, String> rules = AlertRules.load(); // SyncKindFailed -> sync_success{...} == 0
 * }</pre>
 */
final class AlertRules {
  static final String FILE = "docs/prometheus/alerts.yml";
  private static final Pattern ALERT = Pattern.compile("^\\s*-\\s*alert:\\s*(\\S+)\\s*$");
  private static final Pattern EXPR = Pattern.compile("^(\\s*)expr:\\s*(.*)$");

  private AlertRules() {}

  /** Alert name to expression, in the file's order. */
  static Map<String, String> load() throws IOException {
    return parse(Files.readString(ProjectDir.resolve(FILE)));
  }

  static Map<String, String> parse(String yaml) {
    List<String> lines = yaml.lines().toList();
    Map<String, String> out = new LinkedHashMap<>();
    String alert = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher a = ALERT.matcher(lines.get(i));
      if (a.matches()) {
        if (alert != null) {
          throw shape("alert " + alert + " has no expr");
        }
        alert = a.group(1);
        continue;
      }
      Matcher e = EXPR.matcher(lines.get(i));
      if (!e.matches() || lines.get(i).strip().startsWith("#")) {
        continue;
      }
      if (alert == null) {
        throw shape("an expr outside an alert rule at line " + (i + 1));
      }
      String value = e.group(2).strip();
      String expr;
      if (value.equals("|") || value.equals("|-")) {
        int indent = e.group(1).length();
        List<String> block = new ArrayList<>();
        while (i + 1 < lines.size()
            && (lines.get(i + 1).isBlank() || indentOf(lines.get(i + 1)) > indent)) {
          block.add(lines.get(++i));
        }
        expr = String.join("\n", unindent(block)).strip();
      } else if (value.isEmpty() || "\"'>".indexOf(value.charAt(0)) >= 0) {
        throw shape("alert " + alert + " has an expr written in a way it cannot read: " + value);
      } else {
        expr = value;
      }
      if (expr.isEmpty()) {
        throw shape("alert " + alert + " has an empty expr");
      }
      out.put(alert, expr);
      alert = null;
    }
    if (alert != null) {
      throw shape("alert " + alert + " has no expr");
    }
    if (out.isEmpty()) {
      throw shape("no alert rules");
    }
    return out;
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static List<String> unindent(List<String> block) {
    int common =
        block.stream().filter(l -> !l.isBlank()).mapToInt(AlertRules::indentOf).min().orElse(0);
    return block.stream().map(l -> l.isBlank() ? "" : l.substring(common)).toList();
  }

  private static IllegalStateException shape(String what) {
    return new IllegalStateException(FILE + " has " + what);
  }
}
