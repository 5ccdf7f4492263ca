package dev.tenor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layers: the core never depends on JavaFX, the workbench or the command line; only the CLI prints. */
class ArchitectureTest {

    private static final String[] CORE = {"dev.tenor.model..", "dev.tenor.data..", "dev.tenor.eval..",
        "dev.tenor.train..", "dev.tenor.attention..", "dev.tenor.io..", "dev.tenor.task.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tenor");

    @Test
    void coreUsesNeitherJavaFxNorTheWorkbenchNorTheCommandLine() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "dev.tenor.ui..",
                        "dev.tenor.cli..", "picocli..")
                .check(MAIN);
    }

    @Test
    void theWorkbenchDoesNotUseTheCommandLine() {
        noClasses().that().resideInAPackage("dev.tenor.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tenor.cli..", "picocli..")
                .check(MAIN);
    }

    @Test
    void onlyTheCommandLinePrints() {
        noClasses().that().resideOutsideOfPackage("dev.tenor.cli..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(MAIN);
    }
}
