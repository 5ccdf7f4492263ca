package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.TreeDigests;
import dev.tenor.data.TinyTriplets;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.remote.OpenSshServer;
import dev.tenor.remote.RemoteHost;
import dev.tenor.remote.RemoteHosts;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.RunFolders;
import dev.tenor.train.TrainingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Train tab running on a host: a real OpenSSH server on 127.0.0.1 (this machine, its Tenor a script with its
 * own Tenor home). "Run on" lists the host, its devices are asked for, the run's charts fill from the followed
 * metrics, the run is listed with its host, and its model comes back (sha256 equal to the host's) and is offered to
 * the other tabs.
 */
class RemoteTrainTabFxTest extends WorkbenchFxTestBase {

    private static Path serverDir;
    private static OpenSshServer server;
    private static Path remoteHome;
    private static Path remoteTenor;

    @BeforeAll
    static void startServer() throws Exception {
        serverDir = Files.createTempDirectory("tenor-remote-fx");
        server = OpenSshServer.start(serverDir.resolve("sshd"));
        remoteHome = serverDir.resolve("remote-home");
        remoteTenor = OpenSshServer.tenorCommand(serverDir.resolve("host/bin/tenor"), remoteHome);
        Path sshDir = serverDir.resolve("client-ssh");
        Files.createDirectories(sshDir);
        Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine(server.hostKeyPub()));
        System.setProperty("tenor.ssh.dir", sshDir.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        System.clearProperty("tenor.ssh.dir");
        String mine = "-Dtenor.home=" + remoteHome;
        ProcessHandle.allProcesses().filter(h -> java.util.Arrays.asList(h.info().arguments().orElse(new String[0]))
                .contains(mine)).forEach(ProcessHandle::destroyForcibly);
        dev.tenor.io.AtomicFiles.deleteTree(serverDir);
    }

    @Test
    void runsOnAHostFollowsItAndFetchesTheModel() throws Exception {
        new RemoteHosts(paths.settingsFile().resolveSibling(RemoteHosts.FILE)).put(new RemoteHost("gpu-box",
                "127.0.0.1", server.port(), null, server.userKey().toString(), remoteTenor.toString(),
                remoteHome.resolve("work").toString()));
        Path tiny = TinyModels.write(tmp.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 9).dir();
        Path triplets = TinyTriplets.write(tmp.resolve("data/triplets.jsonl"), 64);

        push(KeyCode.CONTROL, KeyCode.DIGIT2);
        var vm = window.train().viewModel();
        fx(() -> {
            vm.valueProperty("triplets").set(triplets.toString());
            vm.valueProperty("base").set(tiny.toString());
            vm.valueProperty("batchSize").set("4");
            vm.valueProperty("maxSeqLength").set("16");
            vm.valueProperty("epochs").set("1"); // 16 steps
            vm.valueProperty("validateEvery").set("-1");
            vm.valueProperty("select").set("last");
        });

        // "Run on" offers this machine and the host; choosing the host asks it for its devices
        ChoiceBox<String> runOn = lookup("#train-run-on").query();
        fx(vm::refreshTargets);
        assertEquals(List.of("this machine", "gpu-box"), List.copyOf(runOn.getItems()));
        fx(() -> runOn.setValue("gpu-box"));
        UiTestSupport.waitFor(60, () -> lookup("#train-device-note").queryLabeled().getText().startsWith("gpu-box"));
        assertEquals("gpu-box shows no CUDA GPU: training there runs on its CPU.",
                lookup("#train-device-note").queryLabeled().getText());
        assertEquals(List.of("cpu"), List.copyOf(vm.devices()));

        clickOn("#train-start");
        UiTestSupport.waitFor(240, () -> vm.chart().loss().getData().size() >= 3);
        // Esc: the stop goes to the host's trainer, which saves a checkpoint and exits
        push(KeyCode.ESCAPE);
        UiTestSupport.waitFor(120, () -> !vm.isRunning());
        String state = lookup("#train-state").queryLabeled().getText();
        assertTrue(state.startsWith("Stopped at step "), state + "\n" + String.join("\n", vm.processLog()));
        int stoppedAt = Integer.parseInt(state.substring("Stopped at step ".length(), state.indexOf(';')));
        Path mirror = vm.runFolderProperty().get();
        assertTrue(mirror.getFileName().toString().endsWith("@gpu-box") && mirror.startsWith(paths.runs()),
                mirror.toString());
        Path remoteRun = remoteHome.resolve("work/runs").resolve(mirror.getFileName());
        assertTrue(Files.isDirectory(remoteRun.resolve("checkpoints/step-" + stoppedAt)), "checkpoint on the host");

        // listed with its host; Resume continues it there to the end
        TableView<RunFolders.Run> runs = lookup("#runs-table").queryTableView();
        UiTestSupport.waitFor(10, () -> runs.getItems().size() == 1
                && runs.getItems().get(0).status() == RunFolders.Status.STOPPED);
        assertEquals(mirror.getFileName().toString(), runs.getItems().get(0).name());
        UiTestSupport.waitFor(5, () -> from(runs).lookup(".table-row-cell").tryQuery().isPresent());
        clickOn(from(runs).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        clickOn("#train-resume");
        UiTestSupport.waitFor(10, vm::isRunning);
        UiTestSupport.waitFor(240, () -> !vm.isRunning());
        state = lookup("#train-state").queryLabeled().getText();
        assertTrue(state.startsWith("Done: done at step 16"), state + "\n" + String.join("\n", vm.processLog()));
        assertTrue(stoppedAt < 16, "stopped mid-run at " + stoppedAt);
        List<String> remoteLines = Files.readAllLines(remoteRun.resolve("metrics.jsonl"));
        assertEquals(remoteLines, Files.readAllLines(mirror.resolve("metrics.jsonl")));
        assertTrue(remoteLines.stream().anyMatch(l -> l.contains("\"event\":\"resumed\"")), "resumed there");
        List<Integer> charted = vm.chart().loss().getData().stream().map(d -> d.getXValue().intValue()).toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList(), charted,
                "the whole run, each step once");
        for (int i = 0; i < charted.size(); i++) {
            double loss = vm.chart().loss().getData().get(i).getYValue().doubleValue();
            assertEquals(lossAt(remoteLines, i + 1), loss, 1e-9, "the chart shows the host's losses");
        }

        UiTestSupport.waitFor(10, () -> runs.getItems().stream().anyMatch(r -> r.name().endsWith("@gpu-box")
                && r.status() == RunFolders.Status.DONE));
        assertEquals(TreeDigests.sha256(remoteRun.resolve("model")), TreeDigests.sha256(mirror.resolve("model")),
                "the fetched model equals the host's");
        String model = "runs/" + mirror.getFileName();
        UiTestSupport.waitFor(10, () -> window.workbench().models().names().contains(model));

        // Fetch model: a lost or damaged local copy comes back from the host, file by file checked by sha256
        Path weights = mirror.resolve("model/model.safetensors");
        Files.write(weights, new byte[] {1, 2, 3});
        Files.delete(mirror.resolve("model/config.json"));
        interact(() -> runs.getSelectionModel().select(runs.getItems().stream()
                .filter(r -> r.name().endsWith("@gpu-box")).findFirst().orElseThrow()));
        clickOn("#train-fetch");
        UiTestSupport.waitFor(60, () -> Files.isRegularFile(mirror.resolve("model/config.json")));
        UiTestSupport.waitFor(30, () -> TreeDigests.sha256(remoteRun.resolve("model")).equals(TreeDigests.sha256(mirror.resolve("model"))));
        assertEquals(TreeDigests.sha256(remoteRun.resolve("model")), TreeDigests.sha256(mirror.resolve("model")));
    }

    private static double lossAt(List<String> lines, int step) {
        for (String l : lines) {
            TrainingEvent e = MetricsLog.parse(l);
            if (e != null && e.has("loss") && (int) e.number("step") == step) {
                return e.number("loss");
            }
        }
        throw new AssertionError("no loss for step " + step);
    }
}
