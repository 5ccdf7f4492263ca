package dev.tenor.data;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The data package is core: no JavaFX, no command line, no printing (only the cli package prints). */
class DataLayerTest {

    private static final JavaClasses DATA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tenor.data");

    @Test
    void usesNeitherJavaFxNorTheUserInterfaceLayers() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.tenor.cli..",
                "dev.tenor.ui..", "picocli..").check(DATA);
    }

    @Test
    void printsNothing() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace").check(DATA);
    }
}
