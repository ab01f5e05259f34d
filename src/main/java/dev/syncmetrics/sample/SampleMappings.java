package dev.syncmetrics.sample;

import dev.syncmetrics.mapping.Blueprint;
import dev.syncmetrics.mapping.MappingLoadException;
import dev.syncmetrics.mapping.Mappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The sample's blueprints and jq mappings, bundled under {@code sample/blueprints/} and {@code
 * sample/mappings/}, compiled with the catalog's mapping engine.
 *
 * <pre>{@code
 * Mappings repos = SampleMappings.forKind(SampleKind.ALL.get(0));
 * Map<String, Blueprint> blueprints = SampleMappings.blueprints();   // to register in a catalog
 * }</pre>
 */
public final class SampleMappings {
  private SampleMappings() {}

  /** Every sample blueprint, and the mapping of {@code kind} only. */
  public static Mappings forKind(SampleKind kind) {
    Mappings.Builder b = withBlueprints();
    b.webhook(kind.mappingResource(), read(kind.mappingResource()));
    return b.build();
  }

  /** The sample's blueprints by identifier. */
  public static Map<String, Blueprint> blueprints() {
    return withBlueprints().build().blueprints();
  }

  private static Mappings.Builder withBlueprints() {
    Mappings.Builder b = Mappings.builder();
    for (SampleKind k : SampleKind.ALL) {
      b.blueprint(k.blueprintResource(), read(k.blueprintResource()));
    }
    return b;
  }

  private static String read(String resource) {
    try (InputStream in = SampleMappings.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new MappingLoadException("the sample's " + resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample's " + resource, e);
    }
  }
}
