package dev.tenor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tenor.launch.EntryPoint;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layers: the core never depends on JavaFX, the workbench, the command line or the launcher, not even by naming
 * their classes in strings; the launcher is used by the workbench, never the reverse; only the CLI prints.
 */
class ArchitectureTest {

    private static final String[] CORE = {"dev.tenor.model..", "dev.tenor.data..", "dev.tenor.eval..",
        "dev.tenor.train..", "dev.tenor.attention..", "dev.tenor.io..", "dev.tenor.task..", "dev.tenor.net..",
        "dev.tenor.remote.."};

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
    void coreDoesNotUseTheLauncher() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAPackage("dev.tenor.launch..")
                .check(MAIN);
    }

    @Test
    void theLauncherUsesNeitherTheWorkbenchNorTheCommandLine() {
        noClasses().that().resideInAPackage("dev.tenor.launch..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.tenor.ui..", "dev.tenor.cli..",
                        "picocli..")
                .check(MAIN);
    }

    /** A class named in a string (a main class for a child process, reflection) is a dependency no import shows. */
    @Test
    void noCoreOrLauncherClassNamesTheCommandLineOrTheWorkbenchInAString() throws IOException {
        Path classes = Path.of("target/classes/dev/tenor");
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("model", "data", "eval", "train", "attention", "io", "task", "net", "launch")) {
            try (Stream<Path> files = Files.walk(classes.resolve(pkg))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    for (String s : ClassFileStrings.of(f)) {
                        boolean allowed = f.endsWith(Path.of("launch", "EntryPoint.class"))
                                && s.equals(EntryPoint.TENOR_MAIN);
                        if (!allowed && (s.contains("dev.tenor.cli") || s.contains("dev.tenor.ui"))) {
                            found.add(classes.relativize(f) + ": \"" + s + "\"");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** The one named entry point exists and is a main class. */
    @Test
    void theLaunchersEntryPointIsAMainClass() throws Exception {
        Method main = Class.forName(EntryPoint.TENOR_MAIN).getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(main.getModifiers()));
    }

    /** Two types of one simple name (ui.X beside eval.X) make every reader check the import. */
    @Test
    void theWorkbenchDefinesNoTypeWithACoreTypesSimpleName() {
        Set<String> core = MAIN.stream().filter(c -> c.isTopLevelClass() && inCore(c)).map(JavaClass::getSimpleName)
                .filter(n -> !n.equals("package-info")).collect(Collectors.toSet());
        Set<String> clashes = new TreeSet<>();
        for (JavaClass c : MAIN) {
            if (c.isTopLevelClass() && c.getPackageName().startsWith("dev.tenor.ui")
                    && core.contains(c.getSimpleName())) {
                clashes.add(c.getName());
            }
        }
        assertEquals(Set.of(), clashes);
    }

    private static boolean inCore(JavaClass c) {
        for (String pkg : CORE) {
            String root = pkg.substring(0, pkg.length() - 2);
            if (c.getPackageName().equals(root) || c.getPackageName().startsWith(root + ".")) {
                return true;
            }
        }
        return false;
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
