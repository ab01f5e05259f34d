package dev.syncmetrics.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastSuccessFileTest {
  @TempDir Path spool;

  @Test
  void timesSavedByOneProcessAreReadByTheNext() {
    new LastSuccessFile(spool)
        .save("sync/github/gh", Map.of("repository-0", 100.5, "__runtime__", 100.5));
    assertEquals(
        Map.of("repository-0", 100.5, "__runtime__", 100.5),
        new LastSuccessFile(spool).read("sync/github/gh"));
    assertEquals(Map.of(), new LastSuccessFile(spool).read("sync/github/other"), "per group");
  }

  @Test
  void savingNeverMovesATimeBack() {
    LastSuccessFile a = new LastSuccessFile(spool);
    LastSuccessFile b = new LastSuccessFile(spool); // another process sharing the directory
    a.save("g", Map.of("repository-0", 200.0, "user-1", 150.0));
    b.save("g", Map.of("repository-0", 100.0, "issue-2", 120.0));
    assertEquals(Map.of("repository-0", 200.0, "user-1", 150.0, "issue-2", 120.0), a.read("g"));
  }

  @Test
  void anUnreadableFileIsAWarningAndNoTimes() throws Exception {
    LastSuccessFile times = new LastSuccessFile(spool);
    times.save("g", Map.of("repository-0", 1.0));
    try (var files = Files.list(spool.resolve("state"))) {
      Path file =
          files
              .filter(f -> f.getFileName().toString().startsWith("last-success-"))
              .findFirst()
              .orElseThrow();
      Files.writeString(file, "{not json");
    }
    try (LogCapture logs = new LogCapture()) {
      assertEquals(Map.of(), times.read("g"));
      assertTrue(
          logs.all().startsWith("WARNING syncmetrics: cannot read the last-success times"),
          logs.all());
    }
    times.save("g", Map.of("repository-0", 2.0));
    assertEquals(Map.of("repository-0", 2.0), times.read("g"), "the next save replaces it");
  }

  @Test
  void anUnwritableDirectoryIsAWarningNotAnException() throws Exception {
    Path file = spool.resolve("not-a-dir");
    Files.writeString(file, "x");
    try (LogCapture logs = new LogCapture()) {
      new LastSuccessFile(file).save("g", Map.of("repository-0", 1.0));
      assertTrue(logs.all().contains("cannot keep the last-success times"), logs.all());
    }
  }
}
