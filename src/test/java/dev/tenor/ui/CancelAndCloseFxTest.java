package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.ModelFolder;
import dev.tenor.model.NativeWork;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.ui.attention.AttentionViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * What used to free an encoder's weights under a running batch: cancelling evaluations at random moments,
 * switching models in the Attention tab while typing, and closing the window during either. The JVM must
 * survive (a crash ends the test run), no native work may run on after the work was cancelled or the window
 * closed, and later results must be right.
 */
class CancelAndCloseFxTest extends WorkbenchFxTestBase {

    private static void awaitNoNativeWork(String when) throws Exception {
        UiTestSupport.waitFor(15, () -> NativeWork.inFlight() == 0);
        assertEquals(0, NativeWork.inFlight(), "native work still running " + when);
    }

    @Test
    void cancellingEvaluationsAtRandomMomentsThenFinishingOne() throws Exception {
        Path atis = UiTestSupport.sharedData().resolve("atis");
        var vm = window.evaluate().viewModel();
        fx(() -> vm.datasetProperty().set(atis.toString()));
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            fx(vm::run);
            UiTestSupport.waitFor(60, () -> NativeWork.inFlight() > 0 || !vm.job().runningProperty().get());
            sleep(random.nextInt(1500));
            fx(vm::cancel);
            UiTestSupport.waitFor(15, () -> !vm.job().runningProperty().get());
            awaitNoNativeWork("after cancel " + round);
            assertNull(vm.reportProperty().get(), "a cancelled evaluation reports nothing");
        }
        fx(() -> vm.queryLimitProperty().set(200));
        fx(vm::run);
        UiTestSupport.waitFor(300, () -> !vm.job().runningProperty().get() && vm.reportProperty().get() != null);
        assertEquals("", vm.job().errorProperty().get());
        assertNotNull(vm.reportProperty().get());
    }

    @Test
    void switchingModelsWhileTypingShowsTheLastChoiceRight() throws Exception {
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // more than the attention tab keeps open: encoders are closed on the way
            models.add(TinyModels.write(tmp.resolve("tiny-" + i), new SentenceSettings(64, Pooling.MEAN, true, ""),
                    i).dir());
        }
        push(KeyCode.CONTROL, KeyCode.DIGIT4);
        AttentionViewModel vm = window.attention().viewModel();
        clickOn("#attention-sentence");
        String sentence = "remind me to call my sister tomorrow";
        Random random = new Random(3);
        for (int i = 0; i < sentence.length(); i++) {
            write(sentence.charAt(i));
            if (i % 3 == 0) {
                Path m = models.get(random.nextInt(models.size()));
                fx(() -> vm.modelBProperty().set(m.toString()));
            }
        }
        Path last = models.get(4);
        fx(() -> vm.modelBProperty().set(last.toString()));
        UiTestSupport.waitFor(60, () -> !vm.busyProperty().get() && vm.sideBProperty().get() != null
                && vm.sideBProperty().get().model().equals(last.toString())
                && sentence.equals(vm.sentenceProperty().get()));
        sleep(500);
        UiTestSupport.waitFor(60, () -> !vm.busyProperty().get());
        float[][][][] shown = vm.sideBProperty().get().attention().probabilities();
        float[][][][] expected;
        try (SentenceEncoder e = SentenceEncoder.open(ModelFolder.open(last))) {
            expected = e.attention(sentence).probabilities();
        }
        assertEquals(expected.length, shown.length);
        for (int r = 0; r < expected[1][2].length; r++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[1][2][r], shown[1][2][r], 1e-6f);
        }
    }

    @Test
    void closingTheWindowDuringAnEvaluationStopsItsNativeWork() throws Exception {
        var vm = window.evaluate().viewModel();
        fx(() -> vm.datasetProperty().set(UiTestSupport.sharedData().resolve("atis").toString()));
        fx(vm::run);
        UiTestSupport.waitFor(60, () -> NativeWork.inFlight() > 0);
        assertTrue(vm.job().runningProperty().get());
        MainWindow w = window;
        window = null; // closed here, not again after the test
        fx(w::close);
        awaitNoNativeWork("after the window closed");
        sleep(1000);
        assertEquals(0, NativeWork.inFlight(), "no batch started after the window closed");
    }
}
