package dev.syncmetrics.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.internal.config.EnvironmentReader;
import dev.syncmetrics.internal.payload.PayloadReader;
import dev.syncmetrics.internal.shape.CanonicalPayload;
import dev.syncmetrics.mapping.MappingLoadException;
import dev.syncmetrics.mapping.MappingResult;
import dev.syncmetrics.mapping.Mappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code map --mappings DIR PAYLOAD...}: applies mappings to payloads and prints the entities. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = {
      "Applies the mappings of a directory (blueprints/*.json, webhooks/*.json) to payload files",
      "and prints what the catalog would store, as JSON:",
      "  {\"entities\":[...],\"deletes\":[...],\"filteredOut\":n,\"errors\":[...]}",
      "Nothing is stored or sent: a dry run for writing mappings. Payloads of any shape (the",
      "reporter's formats, Ocean's from 0.22.0 on) are read as the catalog reads them, every",
      "spelling present (--as-sent: as they are, as the catalog vendor would). With",
      "--from-reporter the payloads come from a sample sync run in-process by the reporter,",
      "in the format METRICS_PAYLOAD_FORMAT (or --format) names.",
      "Exit code: 0 when every mapping applied cleanly, 1 when any mapping error was reported,",
      "2 on bad usage, unreadable payloads or mappings that do not load."
    })
public final class MapCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Option(
      names = "--mappings",
      paramLabel = "DIR",
      defaultValue = "mappings",
      description = "the mappings directory (default: ${DEFAULT-VALUE})")
  Path mappingsDir;

  @Option(
      names = "--webhook",
      paramLabel = "NAME",
      description =
          "apply only webhooks/NAME.json (or the vendor webhook object with identifier NAME),"
              + " as POST /webhook/NAME does")
  String webhook;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "a request header, as .headers.NAME (repeatable)")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--query",
      paramLabel = "NAME=VALUE",
      description = "a query parameter, as .queryParams.NAME (repeatable)")
  Map<String, String> queryParams = new LinkedHashMap<>();

  @Option(
      names = "--from-reporter",
      description = "map the payloads of a sample sync run in-process by the reporter")
  boolean fromReporter;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "with --from-reporter: the payload format, seed or ocean"
              + " (default: METRICS_PAYLOAD_FORMAT, else seed)")
  String format;

  @Option(
      names = "--as-sent",
      description =
          "apply the mappings to each payload exactly as it is, without adding the other"
              + " spellings the catalog adds (what the catalog vendor does)")
  boolean asSent;

  @Option(names = "--compact", description = "print the JSON on one line")
  boolean compact;

  /** The environment to read METRICS_PAYLOAD_FORMAT from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Parameters(
      paramLabel = "PAYLOAD",
      arity = "0..*",
      description = "files holding one JSON payload each ('-' reads standard input)")
  List<String> payloadFiles = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (payloadFiles.isEmpty() && !fromReporter) {
      err.println("error: give payload files, or --from-reporter (see map --help)");
      return 2;
    }
    Mappings mappings;
    try {
      // a dry run checks no signature, so a webhook's ${SECRET} need not be set
      mappings = Mappings.builder().directory(mappingsDir).withoutSecrets().build();
      for (String warning : mappings.warnings()) {
        err.println("warning: " + warning);
      }
      if (webhook != null) {
        mappings =
            mappings
                .webhook(webhook)
                .orElseThrow(
                    () ->
                        new MappingLoadException(
                            "no webhook " + webhook + " in " + mappingsDir.resolve("webhooks")));
      }
    } catch (MappingLoadException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    Map<String, JsonNode> payloads = new LinkedHashMap<>();
    try {
      for (String file : payloadFiles) {
        payloads.put(file, read(file));
      }
      if (fromReporter) {
        payloads.putAll(SampleSync.payloads(payloadFormat()));
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    ObjectNode out = combine(mappings, payloads);
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      stdout.println(
          compact
              ? JSON.writeValueAsString(out)
              : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print the result", e);
    }
    stdout.flush();
    return out.path("errors").isEmpty() ? 0 : 1;
  }

  /** One result for all payloads; each error names the payload it came from. */
  private ObjectNode combine(Mappings mappings, Map<String, JsonNode> payloads) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode entities = out.putArray("entities");
    ArrayNode updates = JSON.createArrayNode();
    ArrayNode deletes = out.putArray("deletes");
    int filteredOut = 0;
    ArrayNode errors = JSON.createArrayNode();
    ArrayNode ignored = JSON.createArrayNode();
    for (Map.Entry<String, JsonNode> payload : payloads.entrySet()) {
      JsonNode body = payload.getValue();
      if (!asSent) {
        CanonicalPayload canonical = CanonicalPayload.of(body);
        if (canonical.notAResult() != null) {
          ignored.add(
              JSON.createObjectNode()
                  .put("payload", payload.getKey())
                  .put("reason", canonical.notAResult()));
          continue;
        }
        body = canonical.body();
      }
      MappingResult result = mappings.apply(body, headers, queryParams);
      ObjectNode json = result.toJson();
      entities.addAll((ArrayNode) json.get("entities"));
      deletes.addAll((ArrayNode) json.get("deletes"));
      if (json.has("updates")) {
        updates.addAll((ArrayNode) json.get("updates"));
      }
      filteredOut += result.filteredOut();
      for (JsonNode error : json.get("errors")) {
        errors.add(((ObjectNode) error).put("payload", payload.getKey()));
      }
    }
    if (!updates.isEmpty()) {
      out.set("updates", updates);
    }
    out.put("filteredOut", filteredOut);
    out.set("errors", errors);
    if (!ignored.isEmpty()) {
      out.set("ignored", ignored);
    }
    return out;
  }

  /** --format, else METRICS_PAYLOAD_FORMAT, else seed; bad usage names what was wrong. */
  private PayloadFormat payloadFormat() {
    if (format != null) {
      try {
        return PayloadFormat.parse(format);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--format " + e.getMessage());
      }
    }
    String variable = EnvironmentReader.read(environment).payloadFormat();
    try {
      return variable == null ? PayloadFormat.SEED : PayloadFormat.parse(variable);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("METRICS_PAYLOAD_FORMAT " + e.getMessage());
    }
  }

  private static JsonNode read(String file) {
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      return PayloadReader.json(file, in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
    }
  }
}
