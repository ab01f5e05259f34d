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
 * webhooks/*.json} (a mapping object, or an array of them, per file; the file name without {@code
 * .json} names the webhook). Mappings shipped inside a jar are loaded with {@link #builder()} from
 * their text. See docs/mappings.md for the format.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Mappings {
  private final Map<String, Blueprint> blueprints;
  private final Map<String, List<CompiledMapping>> webhooks;
  private final List<CompiledMapping> mappings;

  private Mappings(Map<String, Blueprint> blueprints, Map<String, List<CompiledMapping>> webhooks) {
    this.blueprints = Collections.unmodifiableMap(new LinkedHashMap<>(blueprints));
    this.webhooks = Collections.unmodifiableMap(new LinkedHashMap<>(webhooks));
    this.mappings = webhooks.values().stream().flatMap(List::stream).toList();
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

  /** The webhook names, in load order: {@code webhooks/kind-metrics.json} is kind-metrics. */
  public Set<String> webhookNames() {
    return webhooks.keySet();
  }

  /** The mappings of {@code webhooks/<name>.json} only (with every blueprint), if there is one. */
  public Optional<Mappings> webhook(String name) {
    requireNonNull(name, "name must not be null");
    List<CompiledMapping> only = webhooks.get(name);
    return only == null
        ? Optional.empty()
        : Optional.of(new Mappings(blueprints, Map.of(name, only)));
  }

  /**
   * Applies every mapping to one webhook request. The jq input is {@code {"body": body, "headers":
   * headers, "queryParams": queryParams}}. Never throws for a bad payload: problems come back as
   * {@link MappingResult#errors()}.
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
    for (CompiledMapping mapping : mappings) {
      mapping.apply(input, run);
    }
    return run.result();
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

    private Builder() {}

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
     * Adds a webhook's mappings from JSON text; {@code file} names it in errors, and its base name
     * without {@code .json} names the webhook.
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
      MappingLoader loader = new MappingLoader();
      loader.problems.addAll(problems);
      loader.loadBlueprints(blueprintSources);
      for (MappingLoader.Source source : webhookSources) {
        loader.loadWebhook(webhookName(source.file()), source);
      }
      if (!loader.problems.isEmpty()) {
        throw new MappingLoadException(loader.problems);
      }
      return new Mappings(loader.blueprints, loader.webhooks);
    }

    private static String webhookName(String file) {
      String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
      return base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
    }
  }
}
