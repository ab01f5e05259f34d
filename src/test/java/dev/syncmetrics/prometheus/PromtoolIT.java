package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.CommandRun;
import dev.syncmetrics.testing.ProjectDir;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus files pass Debian's {@code promtool}: syntax, rules and rule tests. */
class PromtoolIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static CommandRun promtool(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "promtool";
    System.arraycopy(args, 0, command, 1, args.length);
    return CommandRun.of(ProjectDir.root(), TIMEOUT, command);
  }

  @Test
  void shippedConfigIsValidAndFindsTheAlertRules() {
    CommandRun run =
        promtool(
            "check", "config", ProjectDir.resolve("docs/prometheus/prometheus.yml").toString());
    assertEquals(0, run.exitCode(), run.describe());
    // rule_files are resolved relative to the config: the check must have loaded alerts.yml
    assertTrue(run.output().contains("1 rule files found"), run.describe());
  }

  @Test
  void shippedAlertRulesAreValid() {
    CommandRun run =
        promtool("check", "rules", ProjectDir.resolve("docs/prometheus/alerts.yml").toString());
    assertEquals(0, run.exitCode(), run.describe());
  }

  @Test
  void alertRuleUnitTestsPass() {
    CommandRun run =
        promtool("test", "rules", ProjectDir.resolve("docs/prometheus/alerts_test.yml").toString());
    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.output().contains("SUCCESS"), run.describe());
  }
}
