package dev.tenor.ui;

import dev.tenor.model.BuiltinModel;
import dev.tenor.ui.attention.AttentionViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;

/**
 * Drives the real window through each tab and saves a PNG of each into a folder, then exits: the
 * screenshots in {@code docs/} are made this way ({@code docs/screenshots.sh}). Uses the shared demo data
 * when it is there (FewRel's val_wiki.json, MTOP English).
 */
final class ScreenshotTour {

    private final MainWindow w;
    private final Path dir;

    ScreenshotTour(MainWindow window, Path dir) {
        this.w = window;
        this.dir = dir;
    }

    void start() {
        Thread t = new Thread(this::run, "tenor-screenshots");
        t.setDaemon(true);
        t.start();
    }

    /** The tour's report in the screenshot folder: one line per file written, or the failure. */
    static final String REPORT = "screenshots.txt";

    private final StringBuilder report = new StringBuilder();

    private void run() {
        try {
            Files.createDirectories(dir);
            tour();
            report.append("done\n");
        } catch (Exception | AssertionError e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            report.append("failed: ").append(Errors.describe(e)).append('\n').append(trace);
            w.workbench().log().info("screenshot tour failed: " + Errors.describe(e));
        }
        try {
            Files.writeString(dir.resolve(REPORT), report.toString());
        } catch (IOException e) {
            w.workbench().log().info("cannot write " + dir.resolve(REPORT) + ": " + e.getMessage());
        }
        fx(() -> {
            w.exitApplication();
            return null;
        });
    }

    /** The report of the last tour into {@code dir}, or null when there is none. */
    static String report(Path dir) {
        try {
            return Files.readString(dir.resolve(REPORT));
        } catch (IOException e) {
            return null;
        }
    }

    private void tour() throws Exception {
        Path shared = w.workbench().paths().sharedData();
        if ("evaluate-map".equals(System.getProperty("tenor.screenshots.only"))) {
            mapView(shared); // -Dtenor.screenshots.only=evaluate-map: just this one (the rest takes long)
            return;
        }
        fx(() -> {
            w.stage().setWidth(1440);
            w.stage().setHeight(900);
            w.stage().setX(0);
            w.stage().setY(0);
            return null;
        });
        // Dataset: build from FewRel's validation file
        select(0);
        Path val = shared.resolve("fewrel/val_wiki.json");
        if (Files.isRegularFile(val)) {
            fx(() -> {
                w.dataset().viewModel().fewrelProperty().set(val.toString());
                w.dataset().run();
                return null;
            });
            waitFor(() -> !w.dataset().viewModel().allRows().isEmpty(), 120);
            fx(() -> {
                w.dataset().viewModel().filterProperty().set("located");
                return null;
            });
        }
        shot("dataset");

        // Train: the form, and the newest run if there is one
        select(1);
        waitFor(() -> !w.train().viewModel().devices().isEmpty(), 30);
        fx(() -> {
            var runs = (javafx.scene.control.TableView<?>) w.scene().lookup("#runs-table");
            if (!runs.getItems().isEmpty()) {
                runs.getSelectionModel().select(0);
            }
            return null;
        });
        pause(1500);
        shot("train");

        // Evaluate: two built-in models on a sample of MTOP English
        select(2);
        Path mtop = shared.resolve("mtop_intent/en");
        if (Files.isDirectory(mtop)) {
            fx(() -> {
                var vm = w.evaluate().viewModel();
                vm.datasetProperty().set(mtop.toString());
                vm.chosenModels().setAll(BuiltinModel.DEFAULT.modelName(), BuiltinModel.BGE_SMALL_EN_V15.modelName());
                vm.indexLimitProperty().set(3000);
                vm.queryLimitProperty().set(600);
                w.evaluate().run();
                return null;
            });
            waitFor(() -> w.evaluate().viewModel().reportProperty().get() != null
                    || !w.evaluate().viewModel().job().errorProperty().get().isEmpty(), 600);
            fx(() -> {
                var table = (javafx.scene.control.TableView<?>) w.scene().lookup("#confusion-table");
                if (!table.getItems().isEmpty()) {
                    table.getSelectionModel().select(0);
                }
                return null;
            });
        }
        shot("evaluate");
        mapView(shared);

        // Attention: the three views
        select(3);
        fx(() -> {
            var vm = w.attention().viewModel();
            vm.sentenceProperty().set("Book a table for two at the Italian place near the station tonight");
            // The second model: the newest trained run, else another built-in model.
            String second = w.workbench().models().latestRunProperty().get();
            w.attention().setSecondModel(second != null ? second : BuiltinModel.BGE_SMALL_EN_V15.modelName());
            vm.hideSpecialProperty().set(true);
            vm.layerProperty().set(2);
            vm.computeNow();
            return null;
        });
        waitFor(() -> !w.attention().viewModel().busyProperty().get()
                && w.attention().viewModel().sideAProperty().get() != null, 120);
        fx(() -> {
            w.attention().viewModel().clickHead(0, false); // only head 1
            w.attention().viewModel().clickHead(3, true); // and head 4
            return null;
        });
        shot("attention-head");
        fx(() -> {
            w.attention().viewModel().showAllHeads();
            w.attention().viewModel().viewProperty().set(AttentionViewModel.View.MODEL);
            return null;
        });
        shot("attention-model");
        fx(() -> {
            w.attention().viewModel().viewProperty().set(AttentionViewModel.View.DIFFERENCE);
            return null;
        });
        shot("attention-difference");
        // What training changed: the sentence, token importance, the change grid, the FewRel shift.
        fx(() -> {
            var vm = w.attention().viewModel();
            vm.sentenceProperty().set("I forgot my pin and have locked my card, how can I pay using my phone?");
            vm.layerProperty().set(5);
            vm.viewProperty().set(AttentionViewModel.View.IMPORTANCE);
            vm.computeNow();
            return null;
        });
        waitFor(() -> !w.attention().viewModel().busyProperty().get()
                && w.attention().viewModel().sideAProperty().get() != null, 120);
        shot("attention-importance");
        fx(() -> {
            w.attention().viewModel().viewProperty().set(AttentionViewModel.View.CHANGES);
            return null;
        });
        shot("attention-changes");
        fx(() -> {
            w.attention().viewModel().viewProperty().set(AttentionViewModel.View.SHIFT);
            w.attention().startShift();
            return null;
        });
        waitFor(() -> w.attention().shiftView().report() != null || w.attention().shiftView().message() != null
                && !w.attention().shiftView().message().startsWith("Run to"), 300);
        shot("attention-shift");
        fx(() -> {
            w.attention().viewModel().sentenceProperty().set("I forgot my pin and have locked my card");
            w.attention().viewModel().showAllHeads();
            w.attention().viewModel().viewProperty().set(AttentionViewModel.View.HEAD);
            w.attention().viewModel().computeNow();
            return null;
        });
        waitFor(() -> !w.attention().viewModel().busyProperty().get(), 60);
        shot("attention-head-all");
        // Models
        select(4);
        waitFor(() -> w.workbench().models().rows().stream().anyMatch(r -> r.info() != null), 30);
        fx(() -> {
            var table = (javafx.scene.control.TableView<?>) w.scene().lookup("#models-table");
            table.getSelectionModel().select(0);
            return null;
        });
        shot("models");

        select(3);
        fx(() -> {
            w.attention().viewModel().viewProperty().set(AttentionViewModel.View.HEAD);
            w.attention().viewModel().clickHead(0, false); // only head 1
            w.attention().viewModel().clickHead(3, true); // and head 4
            w.setTheme(Theme.DARK);
            return null;
        });
        shot("attention-head-dark");
        fx(() -> {
            w.setTheme(Theme.LIGHT);
            return null;
        });
    }

    /** Evaluate, Map view: UMAP of ATIS test, the default and BGE-small models side by side, a point picked. */
    private void mapView(Path shared) throws Exception {
        Path atis = shared.resolve("atis");
        if (!Files.isDirectory(atis)) {
            return;
        }
        select(2);
        fx(() -> {
            var views = (javafx.scene.control.TabPane) w.scene().lookup("#evaluate-views");
            views.getSelectionModel().select(1);
            List<String> models = List.of(BuiltinModel.DEFAULT.modelName(), BuiltinModel.BGE_SMALL_EN_V15.modelName());
            w.evaluate().viewModel().chosenModels().setAll(models);
            w.evaluate().viewModel().datasetProperty().set(atis.toString());
            w.evaluate().mapViewModel().run(models, atis.toString());
            return null;
        });
        var map = w.evaluate().mapViewModel();
        waitFor(() -> !map.job().runningProperty().get() && (!map.mapsProperty().get().isEmpty()
                || !map.job().errorProperty().get().isEmpty()), 1200);
        fx(() -> {
            if (!map.mapsProperty().get().isEmpty()) {
                map.pickedProperty().set(new dev.tenor.ui.evaluate.MapViewModel.Pick(0, 0));
            }
            return null;
        });
        shot("evaluate-map");
        fx(() -> {
            var views = (javafx.scene.control.TabPane) w.scene().lookup("#evaluate-views");
            views.getSelectionModel().select(0);
            return null;
        });
    }

    private void select(int tab) throws Exception {
        fx(() -> {
            w.tabs().getSelectionModel().select(tab);
            return null;
        });
        pause(600);
    }

    private void shot(String name) throws Exception {
        pause(800);
        WritableImage image = fx(() -> w.scene().snapshot(null));
        Path file = dir.resolve(name + ".png");
        Snapshots.writePng(SwingFXUtils.fromFXImage(image, null), file);
        report.append("wrote ").append(file).append('\n');
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private void waitFor(BooleanSupplier condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (fx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("timed out after " + seconds + " s waiting for the workbench");
    }

    private static <T> T fx(Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
