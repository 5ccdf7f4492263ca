package dev.tenor.eval;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The eval package is core: no JavaFX, no command line, no printing (the workbench and CLI present it). */
class EvalLayerTest {

    private static final JavaClasses EVAL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tenor.eval");

    @Test
    void usesNeitherJavaFxNorTheUserInterfaceLayers() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.tenor.cli..",
                "dev.tenor.ui..", "picocli..").check(EVAL);
    }

    @Test
    void printsNothing() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace").check(EVAL);
    }
}
