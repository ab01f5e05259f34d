package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.ProjectDir;
import dev.syncmetrics.testing.PrometheusTestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The test configuration generated from the shipped prometheus.yml is what the IT needs. */
class PrometheusTestConfigTest {
  private static final Path SHIPPED = ProjectDir.resolve("docs/prometheus/prometheus.yml");

  private static List<String> settings(String yaml) {
    return yaml.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toList());
  }

  @Test
  void shippedConfigScrapesTheGivenTargetEverySecondWithTheShippedRules() throws Exception {
    String yaml = PrometheusTestConfig.from(SHIPPED, "127.0.0.1:40001", "1s");
    List<String> settings = settings(yaml);

    assertTrue(settings.contains("scrape_interval: 1s"), yaml);
    assertTrue(settings.contains("evaluation_interval: 1s"), yaml);
    assertTrue(settings.contains("- targets: ['127.0.0.1:40001']"), yaml);
    assertTrue(settings.contains("honor_labels: true"), yaml);
    Path alerts = SHIPPED.getParent().resolve("alerts.yml").toAbsolutePath().normalize();
    assertTrue(settings.contains("- '" + alerts + "'"), yaml);
    assertTrue(Files.isRegularFile(alerts));
    // nothing of the shipped intervals or target is left
    assertTrue(settings.stream().noneMatch(l -> l.contains("15s") || l.contains(":9091")), yaml);
    // everything else is kept line for line
    assertEquals(Files.readString(SHIPPED).lines().count(), yaml.lines().count());
  }

  @Test
  void rejectsAConfigWithSeveralTargets() throws Exception {
    String yaml = Files.readString(SHIPPED).replace("['127.0.0.1:9091']", "['a:9091', 'b:9091']");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> PrometheusTestConfig.from(yaml, SHIPPED.getParent(), "x:1", "1s"));
    assertTrue(e.getMessage().contains("more than one scrape target"), e.getMessage());
  }

  @Test
  void rejectsAConfigWithoutRuleFiles() throws Exception {
    String yaml = Files.readString(SHIPPED).replace("  - alerts.yml\n", "");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> PrometheusTestConfig.from(yaml, SHIPPED.getParent(), "x:1", "1s"));
    assertTrue(e.getMessage().contains("no rule_files entry"), e.getMessage());
  }

  @Test
  void resolvesRuleFilesAgainstTheConfigsDirectory() {
    String yaml =
        "global:\n  scrape_interval: 15s\n  evaluation_interval: 30s\n"
            + "rule_files:\n- rules/a.yml\n- \"/abs/b.yml\"\n"
            + "scrape_configs:\n  - job_name: p\n    static_configs:\n      - targets: [\"h:1\"]\n";
    String out = PrometheusTestConfig.from(yaml, Path.of("/etc/prom"), "127.0.0.1:2", "1s");
    assertTrue(out.contains("- '/etc/prom/rules/a.yml'\n- '/abs/b.yml'\n"), out);
    assertTrue(out.contains("  evaluation_interval: 1s\n"), out);
    assertTrue(out.contains("      - targets: ['127.0.0.1:2']\n"), out);
  }
}
