package dev.syncmetrics.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.internal.catalog.WebhookMappings;
import dev.syncmetrics.mapping.Mappings;
import dev.syncmetrics.sample.SampleMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSettingsTest {
  @TempDir Path dir;

  @Test
  void theCatalogServesTheWebhookMappingsAndTheSamplesBlueprints() {
    WebhookMappings served =
        DemoMappings.of(WebhookMappings.of(BundledMappings.load()), SampleMappings.blueprints());
    assertTrue(
        served
            .blueprints()
            .keySet()
            .containsAll(
                java.util.List.of(
                    "integration",
                    "integration_kind_metrics",
                    "repository",
                    "user",
                    "issue",
                    "merge_request")),
        served.blueprints().keySet().toString());
    assertTrue(served.webhook(null).isPresent());
  }

  @Test
  void aSampleBlueprintClashingWithAMappingsBlueprintIsRefused() {
    Mappings top =
        Mappings.builder()
            .blueprint(
                "user.json",
                "{\"identifier\":\"user\",\"title\":\"User\",\"schema\":{\"properties\":{}}}")
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DemoMappings.of(WebhookMappings.of(top), SampleMappings.blueprints()));
    assertTrue(e.getMessage().contains("'user'"), e.getMessage());
  }

  @Test
  void thePushgatewayIsFoundInThePathOrAtAGivenPathAndOnlyWhenExecutable() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path binary = bin.resolve("prometheus-pushgateway");
    Files.writeString(binary, "#!/bin/sh\n");
    assertEquals(
        Optional.empty(), PushgatewayChild.find("prometheus-pushgateway", "/nonexistent:" + bin));
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(
        Optional.of(binary),
        PushgatewayChild.find("prometheus-pushgateway", "/nonexistent:" + bin));
    assertEquals(Optional.of(binary), PushgatewayChild.find(binary.toString(), null));
    assertEquals(Optional.empty(), PushgatewayChild.find("prometheus-pushgateway", null));
  }
}
