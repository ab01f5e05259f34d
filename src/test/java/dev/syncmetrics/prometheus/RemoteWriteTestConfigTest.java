package dev.syncmetrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.ProjectDir;
import dev.syncmetrics.testing.PrometheusTestConfig;
import dev.syncmetrics.testing.RemoteWriteTestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped remote_write block, uncommented as its comment says, is what RemoteWriteIT runs. */
class RemoteWriteTestConfigTest {
  private static final Path SHIPPED = ProjectDir.resolve("docs/prometheus/prometheus.yml");
  private static final String URL = "http://127.0.0.1:40002/api/v1/write";

  @Test
  void shippedBlockIsUncommentedLineForLineWithOnlyTheUrlChanged() throws Exception {
    List<String> shipped = Files.readString(SHIPPED).lines().toList();
    List<String> enabled =
        RemoteWriteTestConfig.enable(Files.readString(SHIPPED), URL).lines().toList();

    assertEquals(shipped.size(), enabled.size());
    int start = shipped.indexOf("# remote_write:");
    assertTrue(start > 0, "no commented remote_write block in " + SHIPPED);
    assertEquals(shipped.subList(0, start), enabled.subList(0, start));
    int changed = 0;
    for (int i = start; i < shipped.size(); i++) {
      String expected = shipped.get(i).equals("#") ? "" : shipped.get(i).substring(2);
      if (expected.strip().startsWith("- url:")) {
        assertEquals("  - url: " + URL, enabled.get(i));
        changed++;
      } else {
        assertEquals(expected, enabled.get(i), "line " + (i + 1));
      }
    }
    assertEquals(1, changed);
  }

  @Test
  void enabledBlockKeepsTheShippedSettings() {
    String yaml =
        RemoteWriteTestConfig.enable(
            PrometheusTestConfig.from(SHIPPED, "127.0.0.1:40001", "1s"), URL);
    List<String> settings =
        yaml.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (String setting :
        List.of(
            "remote_write:",
            "- url: " + URL,
            "remote_timeout: 30s",
            "write_relabel_configs:",
            "- source_labels: [__name__, job]",
            "regex: '(sync|syncmetrics|push)_.+;.*|up;pushgateway'",
            "action: keep",
            "queue_config:",
            "capacity: 10000",
            "max_samples_per_send: 2000",
            "batch_send_deadline: 5s",
            "max_shards: 10")) {
      assertTrue(settings.contains(setting), setting + " missing from:\n" + yaml);
    }
    // the test's scrape target and intervals are still in place
    assertTrue(settings.contains("- targets: ['127.0.0.1:40001']"), yaml);
    assertTrue(settings.contains("scrape_interval: 1s"), yaml);
  }

  @Test
  void rejectsAConfigWithoutTheBlock() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RemoteWriteTestConfig.enable("global:\n  scrape_interval: 15s\n", URL));
    assertTrue(e.getMessage().contains("0 commented \"# remote_write:\" blocks"), e.getMessage());
  }

  @Test
  void rejectsABlockWithoutAUrl() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RemoteWriteTestConfig.enable(
                    "# remote_write:\n#   - name: central\n#     remote_timeout: 30s\n", URL));
    assertTrue(e.getMessage().contains("0 \"- url:\" lines"), e.getMessage());
  }

  @Test
  void rejectsABlockLineThatIsNotCommentedOutWithHashSpace() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RemoteWriteTestConfig.enable(
                    "# remote_write:\n#  - url: http://x/api/v1/write\n#remote_timeout: 1s\n",
                    URL));
    assertTrue(e.getMessage().contains("#remote_timeout: 1s"), e.getMessage());
  }
}
