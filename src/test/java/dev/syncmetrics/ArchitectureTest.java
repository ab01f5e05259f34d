package dev.syncmetrics;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The one-way arrows of docs/architecture.md, checked on the compiled main classes. A rule that
 * fails names every offending dependency with its file and line.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.syncmetrics");

  /** The sending side: what the catalog must not reach into. */
  private static final String[] SENDING =
      sub("record", "payload", "metrics", "push", "spool", "config");

  private static String[] sub(String... parts) {
    String[] packages = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      packages[i] = "dev.syncmetrics.internal." + parts[i] + "..";
    }
    return packages;
  }

  /** Each top-level class (with its nested classes) is one file. */
  private static final SliceAssignment FILES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          JavaClass top = c;
          while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
          }
          return SliceIdentifier.of(top.getName());
        }

        @Override
        public String getDescription() {
          return "files (top-level classes)";
        }
      };

  private static void check(ArchRule rule) {
    rule.check(MAIN);
  }

  @Test
  void noTwoFilesDependOnEachOtherThroughAnyPath() {
    check(slices().assignedFrom(FILES).should().beFreeOfCycles());
  }

  @Test
  void noTwoPackagesBelowTheApiDependOnEachOther() {
    // the API may be imported by every package and its wiring imports internals, so the root
    // package is left out here; its own rule is below
    check(slices().matching("dev.syncmetrics.(**)").should().beFreeOfCycles());
  }

  @Test
  void theApiImportsInternalsOnlyWhereTheReporterIsWiredAndItsConfigurationResolved() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics")
            .and(not(belongToAnyOf(SyncReporter.class, SyncMetricsConfig.class)))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.syncmetrics.internal..")
            .because(
                "the root package is the user's API: SyncReporter wires the internals together"
                    + " and SyncMetricsConfig resolves the environment and defaults with"
                    + " internal.config; nothing else of the API knows the internals"));
  }

  @Test
  void theMappingEngineImportsNothingElseOfTheProject() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics.mapping..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.syncmetrics..")
                    .and(not(resideInAPackage("dev.syncmetrics.mapping..")))));
  }

  @Test
  void theCatalogImportsNothingOfTheSendingSide() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.syncmetrics.catalog..", "dev.syncmetrics.internal.catalog..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SENDING)
            .because(
                "the catalog only maps, stores and shows: it shares the signature"
                    + " (internal.signature) and the payload vocabulary (Payload, Phase,"
                    + " internal.shape) only"));
  }

  @Test
  void theShapeVocabularyImportsNothingButTheApi() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics.internal.shape..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.syncmetrics..")
                    .and(not(resideInAPackage("dev.syncmetrics.internal.shape..")))
                    .and(not(resideInAPackage("dev.syncmetrics"))))
            .because(
                "the payload shapes' key names are shared by the sending side (payload, spool)"
                    + " and the catalog, so they may know only the API's vocabulary"));
  }

  @Test
  void theCatalogsHttpLayerDoesNotKnowTheStore() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics.internal.catalog.http..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.syncmetrics.internal.catalog.store.."));
  }

  @Test
  void recordingDoesNoIo() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics.internal.record..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "java.io..",
                "java.net..",
                "java.nio..",
                "java.sql..",
                "okhttp3..",
                "okio..",
                "io.prometheus..",
                "com.fasterxml.jackson..",
                "dev.syncmetrics.internal.push..",
                "dev.syncmetrics.internal.spool..",
                "dev.syncmetrics.internal.payload..")
            .because(
                "recording sits on the sync's own threads and must stay as cheap as a counter"));
  }

  @Test
  void metricFamiliesAreBuiltOutsideTheIoPackage() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics.internal.metrics..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.syncmetrics.internal.push..", "okhttp3..", "java.net..", "java.nio.file.."));
  }

  @Test
  void dataFlowsOneWayFromRecordingToPayloadsToDelivery() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(sub("record", "payload", "metrics", "spool", "config"))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(sub("push", "cli", "demo")));
  }

  @Test
  void theSampleIntegrationUsesOnlyWhatAUserCanUse() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.syncmetrics.sample..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.syncmetrics.internal..")
                    .or(resideInAnyPackage("dev.syncmetrics.catalog.."))));
  }
}
