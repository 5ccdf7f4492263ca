package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.eval.map.EmbeddingMap;
import dev.tenor.eval.map.MapColors;
import dev.tenor.eval.map.MapFrame;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import org.junit.jupiter.api.Test;

/**
 * The Evaluate tab's embedding map with two tiny models on a small dataset: both maps drawn with one point per
 * test sentence in its label's colour, the label filter, hover and click (nearest training sentences checked
 * against cosine similarities computed here).
 */
class EvaluateMapFxTest extends WorkbenchFxTestBase {

    static final String[] LABELS = {"ALARM", "CALL", "WEATHER", "MUSIC", "TIMER", "NEWS"};

    /** 6 labels: 5 training and 4 test sentences each. */
    static Path dataset(Path folder) throws IOException {
        Files.createDirectories(folder);
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (String label : LABELS) {
            String word = label.toLowerCase(java.util.Locale.ROOT);
            for (int i = 0; i < 5; i++) {
                train.append("{\"text\": \"").append(word).append(" request number ").append(i)
                        .append(" please\", \"label_text\": \"").append(label).append("\"}\n");
            }
            for (int i = 0; i < 4; i++) {
                test.append("{\"text\": \"can you do a ").append(word).append(" thing ").append(i)
                        .append("\", \"label_text\": \"").append(label).append("\"}\n");
            }
        }
        Files.writeString(folder.resolve("train.jsonl"), train, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("test.jsonl"), test, StandardCharsets.UTF_8);
        return folder;
    }

    @Test
    void mapsTwoModelsSideBySideFiltersLabelsAndListsNearestTrainingSentences() throws Exception {
        Path data = dataset(tmp.resolve("intents"));
        Path base = tmp.resolve("base");
        Path trained = tmp.resolve("trained");
        SentenceSettings s = new SentenceSettings(128, Pooling.MEAN, true, "");
        ModelFolder baseModel = TinyModels.write(base, s, 21);
        TinyModels.write(trained, s, 22);
        var evaluate = window.evaluate().viewModel();
        var vm = window.evaluate().mapViewModel();
        fx(() -> {
            window.tabs().getSelectionModel().select(2);
            evaluate.chosenModels().setAll(base.toString(), trained.toString());
            evaluate.datasetProperty().set(data.toString());
        });
        clickOn("#evaluate-map-tab");
        try (FxWatchdog watchdog = FxWatchdog.start(10, ms -> { })) {
            clickOn("#map-run");
            UiTestSupport.waitFor(180, () -> !vm.job().runningProperty().get() && !vm.mapsProperty().get().isEmpty()
                    || !vm.job().errorProperty().get().isEmpty());
            sleep(300);
            UiTestSupport.assertResponsive(watchdog, "a map");
        }
        assertEquals("", vm.job().errorProperty().get());
        List<EmbeddingMap> maps = vm.mapsProperty().get();
        assertEquals(2, maps.size());
        assertEquals(24, maps.get(0).size(), "one point per test sentence");
        assertEquals(24, maps.get(1).size());
        assertEquals("base: UMAP of 24 test sentences", lookup("#map-1-title").queryLabeled().getText());
        assertEquals("trained: UMAP of 24 test sentences", lookup("#map-2-title").queryLabeled().getText());

        MapColors colors = vm.colorsProperty().get();
        for (int m = 0; m < 2; m++) {
            Canvas canvas = lookup("#map-" + (m + 1) + "-canvas").query();
            Image shot = snapshot(canvas);
            PixelReader px = shot.getPixelReader();
            MapFrame f = MapFrame.fit(maps.get(m).points(), canvas.getWidth(), canvas.getHeight());
            int own = 0;
            Set<Integer> drawn = new HashSet<>();
            for (int i = 0; i < maps.get(m).size(); i++) {
                float[] p = maps.get(m).points()[i];
                int rgb = px.getArgb((int) Math.floor(f.px(p[0])), (int) Math.floor(f.py(p[1]))) & 0xffffff;
                drawn.add(rgb);
                own += rgb == colors.rgb(maps.get(m).labels().get(i)) ? 1 : 0;
            }
            // A point may be covered by a later one; nearly all show their own label's colour.
            assertTrue(own >= 20, own + " of 24 points in their label's colour on map " + (m + 1));
            assertTrue(drawn.size() >= 5, "label colours on map " + (m + 1) + ": " + drawn.size());
            assertEquals(0xffffff, px.getArgb(1, 1) & 0xffffff, "the margin is background");
        }

        // The filter: none, then one label.
        clickOn("#map-labels-none");
        assertEquals(0, UiTestSupport.inked(snapshot(lookup("#map-1-canvas").query()), javafx.scene.paint.Color.WHITE));
        fx(() -> vm.shownLabels().add("CALL"));
        Canvas first = lookup("#map-1-canvas").query();
        Image onlyCall = snapshot(first);
        int call = colors.rgb("CALL");
        int callPixels = 0;
        for (int y = 0; y < (int) onlyCall.getHeight(); y++) {
            for (int x = 0; x < (int) onlyCall.getWidth(); x++) {
                int rgb = onlyCall.getPixelReader().getArgb(x, y) & 0xffffff;
                callPixels += rgb == call ? 1 : 0;
            }
        }
        assertTrue(callPixels >= 4 * 9, "the 4 CALL points are drawn: " + callPixels + " pixels");
        clickOn("#map-labels-all");
        assertEquals(6, vm.shownLabels().size());

        // Hover and click the first point of the first map.
        EmbeddingMap map = maps.get(0);
        MapFrame f = MapFrame.fit(map.points(), first.getWidth(), first.getHeight());
        int target = isolated(map, f);
        Point2D at = first.localToScreen(f.px(map.points()[target][0]), f.py(map.points()[target][1]));
        moveTo(at);
        UiTestSupport.waitFor(10, () -> lookup(".tooltip").tryQuery().isPresent());
        assertEquals("\u201c" + map.texts().get(target) + "\u201d\n" + map.labels().get(target),
                from(lookup(".tooltip").queryAs(javafx.scene.Parent.class))
                        .lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Labeled).queryLabeled()
                        .getText());
        clickOn(at);
        assertEquals(new dev.tenor.ui.evaluate.MapViewModel.Pick(0, target), vm.pickedProperty().get());
        ListView<String> near = lookup("#map-neighbours").queryListView();
        assertEquals(5, near.getItems().size());
        assertTrue(lookup("#map-picked").queryLabeled().getText().contains(map.texts().get(target)));

        // Independent: the picked sentence's most similar training sentence, by cosine on the base model here.
        IntentTexts texts = IntentTexts.of(data);
        try (SentenceEncoder encoder = SentenceEncoder.open(baseModel)) {
            float[][] q = encoder.encode(List.of(map.texts().get(target)), 8, ProgressListener.NONE,
                    CancellationToken.NONE);
            float[][] t = encoder.encode(texts.train(), 8, ProgressListener.NONE, CancellationToken.NONE);
            int best = 0;
            double bestSim = -2;
            for (int j = 0; j < t.length; j++) {
                double sim = cosine(q[0], t[j]);
                if (sim > bestSim) {
                    bestSim = sim;
                    best = j;
                }
            }
            String row = near.getItems().get(0);
            assertTrue(row.startsWith(String.format(java.util.Locale.ROOT, "%.3f  \u201c%s\u201d", bestSim,
                    texts.train().get(best))), row + " vs " + bestSim + " " + texts.train().get(best));
        }
    }

    /** A point with no other point within twice the pick radius on screen, so hover and click find it. */
    private static int isolated(EmbeddingMap map, MapFrame f) {
        for (int i = 0; i < map.size(); i++) {
            boolean alone = true;
            for (int j = 0; j < map.size() && alone; j++) {
                double dx = f.px(map.points()[i][0]) - f.px(map.points()[j][0]);
                double dy = f.py(map.points()[i][1]) - f.py(map.points()[j][1]);
                alone = j == i || dx * dx + dy * dy > 144;
            }
            if (alone) {
                return i;
            }
        }
        return 0;
    }

    private static double cosine(float[] a, float[] b) {
        return dev.tenor.model.Vectors.cosine(a, b);
    }

    private Image snapshot(Canvas c) throws Exception {
        java.util.concurrent.CompletableFuture<Image> img = new java.util.concurrent.CompletableFuture<>();
        fx(() -> img.complete(c.snapshot(null, null)));
        return img.get();
    }

    /** The training sentences of the dataset, in file order. */
    private record IntentTexts(List<String> train) {
        static IntentTexts of(Path folder) {
            return new IntentTexts(dev.tenor.data.IntentDatasetReader.read(folder).train().texts());
        }
    }
}
