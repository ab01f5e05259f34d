package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of src/test/resources/jq-conformance.tsv gives the same outputs through the mapping
 * engine as through Debian's jq 1.6 ({@code jq -c}), or an error from both.
 */
class JqConformanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Numbers compare by value: jq prints 3 where the engine may hold 3.0, 1e+17 for 1.0E17. */
  private static final Comparator<JsonNode> BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.equals(b) ? 0 : 1;
      };

  @BeforeAll
  static void jqIsVersion16() throws Exception {
    Result version = jq(List.of("jq", "--version"), "");
    assertEquals(
        "jq-1.6",
        version.stdout().strip(),
        "Debian's jq 1.6 must be installed" + " (scripts/test installs it)");
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = JqConformanceIT.class.getResourceAsStream("/jq-conformance.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int line = 0;
      for (String row : text.split("\n")) {
        line++;
        if (row.isBlank() || row.startsWith("#")) {
          continue;
        }
        String[] cols = row.split("\t", 2);
        cases.add(Arguments.of(line, cols[0], cols[1]));
      }
    }
    assertTrue(cases.size() >= 40, "at least 40 cases");
    return cases.stream();
  }

  @ParameterizedTest(name = "line {0}: {1} | {2}")
  @MethodSource("cases")
  void engineAgreesWithJq(int line, String input, String program) throws Exception {
    Result expected = jq(List.of("jq", "-c", program), input);
    List<JsonNode> engineOutputs = null;
    String engineError = null;
    try {
      engineOutputs = JqEngine.compile(program).all(JSON.readTree(input));
    } catch (Exception e) {
      engineError = e.getMessage();
    }
    if (expected.exitCode() != 0) {
      assertTrue(
          engineError != null,
          "jq fails (" + expected.stderr().strip() + ") but the engine gave " + engineOutputs);
      return;
    }
    assertTrue(
        engineError == null,
        "jq gives " + expected.stdout().strip() + " but the engine fails: " + engineError);
    List<JsonNode> jqOutputs = new ArrayList<>();
    for (String out : expected.stdout().split("\n")) {
      if (!out.isEmpty()) {
        jqOutputs.add(JSON.readTree(out));
      }
    }
    assertEquals(
        jqOutputs.size(), engineOutputs.size(), "jq: " + jqOutputs + "\nengine: " + engineOutputs);
    for (int i = 0; i < jqOutputs.size(); i++) {
      assertTrue(
          jqOutputs.get(i).equals(BY_VALUE, engineOutputs.get(i)),
          "output " + i + ": jq " + jqOutputs.get(i) + ", engine " + engineOutputs.get(i));
    }
  }

  record Result(int exitCode, String stdout, String stderr) {}

  private static Result jq(List<String> command, String input) throws Exception {
    Process p = new ProcessBuilder(command).start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // jq stopped reading: it rejected the program when compiling it (the exit code says so)
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("jq did not finish: " + command);
    }
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
