package dev.syncmetrics.internal.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code java -jar syncmetrics.jar demo ...} run as a separate process, and its output. */
final class DemoProcess {
  final int exit;
  final String output;

  private DemoProcess(int exit, String output) {
    this.exit = exit;
    this.output = output;
  }

  /**
   * Runs the demo to its end (at most three minutes) in {@code workDir}; {@code path} replaces the
   * PATH variable when not null.
   */
  static DemoProcess run(Path workDir, String path, String... args)
      throws IOException, InterruptedException {
    String jar = System.getProperty("syncmetrics.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "no jar at " + jar);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(Path.of(jar).toAbsolutePath().toString());
    command.add("demo");
    command.addAll(List.of(args));
    Path log = Files.createTempFile("demo", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    if (path != null) {
      pb.environment().put("PATH", path);
    }
    Process p = pb.start();
    try {
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("the demo did not end within three minutes:\n" + Files.readString(log));
      }
      return new DemoProcess(p.exitValue(), Files.readString(log));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  /** The summary table of run {@code run}: a row per kind identifier (and "total"), by column. */
  Map<String, Map<String, String>> summary(int run) {
    List<String> lines = output.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Run " + run + " completed")) {
        at = i;
      }
    }
    assertTrue(at >= 0, "no summary of run " + run + " in:\n" + output);
    String[] header = lines.get(at + 1).trim().split("\\s+");
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (int i = at + 2; i < lines.size(); i++) {
      String[] cells = lines.get(i).trim().split("\\s+");
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length && c < cells.length; c++) {
        row.put(header[c], cells[c]);
      }
      rows.put(cells[0], row);
      if (cells[0].equals("total")) {
        break;
      }
    }
    return rows;
  }
}
