package dev.syncmetrics.mapping;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Blueprints and webhook mappings loaded from a directory, every jq expression compiled once.
 *
 * <pre>{@code
 * Mappings mappings = Mappings.load(Path.of("mappings"));
 * MappingResult result = mappings.apply(payload, Map.of(), Map.of());
 * Optional<Mappings> kinds = mappings.webhook("kind-metrics"); // webhooks/kind-metrics.json only
 * }</pre>
 *
 * <p>A directory holds {@code blueprints/*.json} (one blueprint object per file) and {@code
 * webhooks/*.json}: per file a mapping object or an array of them (the file name without {@code
 * .json} names the webhook), or the catalog vendor's webhook object as it exports it, or an array
 * of those (each named by its {@code identifier}). Mappings shipped inside a jar are loaded with
 * {@link #builder()} from their text. See docs/mappings.md for the format.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Mappings {
  private final Map<String, Blueprint> blueprints;
  private final Map<String, LoadedWebhook> webhooks;
  private final List<String> warnings;

  /** What {@link #apply} runs: every file of mappings, or the one webhook of {@link #webhook}. */
  private final List<CompiledMapping> mappings;

  /** The one webhook of {@link #webhook}, or null. */
  private final LoadedWebhook only;

  private Mappings(
      Map<String, Blueprint> blueprints,
      Map<String, LoadedWebhook> webhooks,
      List<String> warnings,
      LoadedWebhook only) {
    this.blueprints = Collections.unmodifiableMap(new LinkedHashMap<>(blueprints));
    this.webhooks = Collections.unmodifiableMap(new LinkedHashMap<>(webhooks));
    this.warnings = List.copyOf(warnings);
    this.only = only;
    this.mappings =
        only != null
            ? only.mappings()
            : webhooks.values().stream()
                .filter(w -> !w.config().vendorObject())
                .flatMap(w -> w.mappings().stream())
                .toList();
  }

  /**
   * Loads every blueprint and mapping JSON file in {@code dir}.
   *
   * @throws MappingLoadException naming the file, JSON path and cause of every problem found
   */
  public static Mappings load(Path dir) {
    return builder().directory(dir).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The blueprints by identifier. */
  public Map<String, Blueprint> blueprints() {
    return blueprints;
  }

  /**
   * The webhook names, in load order: {@code webhooks/kind-metrics.json} is kind-metrics, a vendor
   * webhook object is its {@code identifier}.
   */
  public Set<String> webhookNames() {
    return webhooks.keySet();
  }

  /**
   * The mappings of one webhook only (with every blueprint), if there is one: {@code
   * webhooks/<name>.json}, or the vendor webhook object whose identifier is {@code name}.
   */
  public Optional<Mappings> webhook(String name) {
    requireNonNull(name, "name must not be null");
    LoadedWebhook w = webhooks.get(name);
    return w == null
        ? Optional.empty()
        : Optional.of(new Mappings(blueprints, Map.of(name, w), List.of(), w));
  }

  /** Where and how a webhook is served (enabled, security), if there is one named so. */
  public Optional<WebhookConfig> webhookConfig(String name) {
    requireNonNull(name, "name must not be null");
    return Optional.ofNullable(webhooks.get(name)).map(LoadedWebhook::config);
  }

  /**
   * What the files hold that the catalog ignores or advises against, each as {@code <file> <json
   * path>: <message>}: fields of a vendor webhook object it does not use, a secret written in the
   * file instead of {@code ${NAME}}. Loading still succeeds.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Applies the mappings to one webhook request: those of every file of mappings ({@code POST
   * /webhook}; vendor webhook objects are left out, since each has its own path and security), or,
   * on a {@link #webhook} of this, that webhook's, with its {@code requestIdentifierPath} worked
   * out. The jq input is {@code {"body": body, "headers": headers, "queryParams": queryParams}}.
   * Never throws for a bad payload: problems come back as {@link MappingResult#errors()}.
   */
  public MappingResult apply(
      JsonNode body, Map<String, String> headers, Map<String, String> queryParams) {
    requireNonNull(body, "body must not be null");
    requireNonNull(headers, "headers must not be null");
    requireNonNull(queryParams, "queryParams must not be null");
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.set("body", body);
    input.set("headers", textObject(headers));
    input.set("queryParams", textObject(queryParams));
    MappingRun run = new MappingRun();
    if (only != null && only.requestId() != null) {
      requestIdentifier(only, input, run);
    }
    for (CompiledMapping mapping : mappings) {
      mapping.apply(input, run);
    }
    return run.result();
  }

  /** A string, or a number or boolean as its JSON text; null gives none; anything else an error. */
  private static void requestIdentifier(LoadedWebhook webhook, ObjectNode input, MappingRun run) {
    JqField path = webhook.requestId();
    try {
      JsonNode id = JqField.value(path, input);
      if (id.isTextual() && !id.textValue().isEmpty()) {
        run.requestIdentifier(id.textValue());
      } else if (id.isNumber() || id.isBoolean()) {
        run.requestIdentifier(id.toString());
      } else if (!id.isNull() && !id.isTextual()) {
        run.error(
            new MappingError(
                webhook.config().file(),
                path.path(),
                null,
                "requestIdentifierPath must give a string, not "
                    + JqValues.describe(id)
                    + "; the request is not checked for repeats"));
      }
    } catch (JqField.Failure f) {
      run.error(
          new MappingError(
              webhook.config().file(),
              path.path(),
              null,
              f.getMessage() + "; the request is not checked for repeats"));
    }
  }

  private static ObjectNode textObject(Map<String, String> values) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    values.forEach(node::put);
    return node;
  }

  /**
   * Collects blueprint and webhook files from directories and from text, then compiles them all.
   *
   * <pre>{@code
   * Mappings mappings = Mappings.builder()
   *     .blueprint("sample/blueprints/sample_kind.json", blueprintJson)
   *     .webhook("sample/webhooks/sample.json", mappingJson)   // webhook "sample"
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final List<MappingLoader.Source> blueprintSources = new ArrayList<>();
    private final List<MappingLoader.Source> webhookSources = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private Map<String, String> environment = System.getenv();
    private boolean secrets = true;

    private Builder() {}

    /**
     * Where a webhook object's secret written as {@code ${NAME}} is looked up; default the
     * process's environment.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment must not be null"));
      return this;
    }

    /**
     * Leaves secrets unread, for a dry run such as {@code syncmetrics map}: a webhook object's
     * {@code ${NAME}} need not be set, and its security then has no secret.
     */
    public Builder withoutSecrets() {
      this.secrets = false;
      return this;
    }

    /** Adds {@code dir/blueprints/*.json} and {@code dir/webhooks/*.json}, by file name. */
    public Builder directory(Path dir) {
      requireNonNull(dir, "dir must not be null");
      if (!Files.isDirectory(dir)) {
        problems.add(dir + ": not a directory");
        return this;
      }
      Path blueprintDir = dir.resolve("blueprints");
      Path webhookDir = dir.resolve("webhooks");
      if (!Files.isDirectory(blueprintDir) && !Files.isDirectory(webhookDir)) {
        problems.add(dir + ": holds neither blueprints/ nor webhooks/");
        return this;
      }
      read(blueprintDir, blueprintSources);
      read(webhookDir, webhookSources);
      return this;
    }

    private void read(Path dir, List<MappingLoader.Source> into) {
      if (!Files.isDirectory(dir)) {
        return;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file :
            files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
          try {
            into.add(
                new MappingLoader.Source(
                    file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
          } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
          }
        }
      } catch (IOException e) {
        problems.add(dir + ": cannot be listed: " + e.getMessage());
      }
    }

    /** Adds a blueprint from its JSON text; {@code file} names it in errors. */
    public Builder blueprint(String file, String json) {
      blueprintSources.add(
          new MappingLoader.Source(
              requireNonNull(file, "file must not be null"),
              requireNonNull(json, "json must not be null")));
      return this;
    }

    /**
     * Adds a webhook file from JSON text; {@code file} names it in errors, and its base name
     * without {@code .json} names the webhook (unless the file holds vendor webhook objects, which
     * are named by their identifiers).
     */
    public Builder webhook(String file, String json) {
      webhookSources.add(
          new MappingLoader.Source(
              requireNonNull(file, "file must not be null"),
              requireNonNull(json, "json must not be null")));
      return this;
    }

    /**
     * Compiles everything added.
     *
     * @throws MappingLoadException listing every problem found
     */
    public Mappings build() {
      MappingLoader loader = new MappingLoader(secrets ? environment : null);
      loader.problems.addAll(problems);
      loader.loadBlueprints(blueprintSources);
      for (MappingLoader.Source source : webhookSources) {
        loader.loadWebhook(webhookName(source.file()), source);
      }
      if (!loader.problems.isEmpty()) {
        throw new MappingLoadException(loader.problems);
      }
      return new Mappings(loader.blueprints, loader.webhooks, loader.warnings, null);
    }

    private static String webhookName(String file) {
      String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
      return base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
    }
  }
}
