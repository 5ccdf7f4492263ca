package dev.tenor.cli;

import dev.tenor.model.DjlSetup;
import dev.tenor.ui.WorkbenchLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor workbench}: opens the JavaFX workbench and returns when its window closes. */
@Command(name = "workbench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Open the Tenor workbench: Dataset, Train, Evaluate and Attention tabs, and the models.",
                "Needs a display (on a server without one, use the other commands)."})
public final class WorkbenchCommand implements Callable<Integer> {

    @Option(names = "--screenshot-dir", hidden = true, paramLabel = "DIR",
            description = "Take a screenshot of each tab after start-up into DIR, then exit (docs/screenshots.sh).")
    Path screenshotDir;

    @Override
    public Integer call() {
        DjlSetup.init();
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && System.getProperty("glass.platform") == null) {
            System.err.println("tenor workbench: no display (DISPLAY is not set). Run it on a desktop, or under "
                    + "xvfb-run; the other commands work without a display.");
            return 1;
        }
        List<String> args = new ArrayList<>();
        if (screenshotDir != null) {
            args.add("--screenshot-dir");
            args.add(screenshotDir.toAbsolutePath().toString());
        }
        WorkbenchLauncher.launch(args.toArray(String[]::new));
        if (screenshotDir != null) {
            String report = WorkbenchLauncher.screenshotReport(screenshotDir.toAbsolutePath());
            System.err.print(report == null ? "tenor workbench: the screenshot tour wrote no report\n" : report);
            return report != null && report.endsWith("done\n") ? 0 : 1;
        }
        return 0;
    }
}
