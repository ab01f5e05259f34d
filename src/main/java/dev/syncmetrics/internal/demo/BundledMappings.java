package dev.syncmetrics.internal.demo;

import dev.syncmetrics.mapping.MappingLoadException;
import dev.syncmetrics.mapping.Mappings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code mappings/} directory as the build packed it into the jar (blueprints and webhook
 * mappings), for a demo run where there is no {@code mappings/} directory at hand.
 *
 * <pre>{@code
 * Mappings mappings = BundledMappings.load();
 * }</pre>
 */
public final class BundledMappings {
  static final String ROOT = "mappings/";

  private BundledMappings() {}

  /**
   * @throws MappingLoadException when the jar holds no mappings, or they do not load
   */
  public static Mappings load() {
    URL url = BundledMappings.class.getClassLoader().getResource(ROOT);
    if (url == null) {
      throw new MappingLoadException(
          "no "
              + ROOT
              + " directory here and none in the jar;"
              + " run the demo from the project directory");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return Mappings.load(jar.getPath("/" + ROOT));
        }
      }
      return Mappings.load(Path.of(uri));
    } catch (IOException | URISyntaxException e) {
      throw new MappingLoadException("cannot read the mappings in the jar: " + e.getMessage(), e);
    }
  }
}
