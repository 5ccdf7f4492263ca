package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.SmallDisk;
import dev.tenor.TreeDigests;
import dev.tenor.data.TinyTriplets;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.remote.OpenSshServer;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.TrainingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tenor remote} and {@code tenor train --remote} against a real OpenSSH server on 127.0.0.1 (this machine is
 * the host; its Tenor is a script running this class path with its own Tenor home): hosts, host keys, a tiny-model
 * run followed across a cut connection, stop and attach, fetch with sha256, and the clear messages of the faults.
 */
class RemoteCommandTest {

    @TempDir
    static Path dir;

    private static OpenSshServer server;
    private static Path localHome;
    private static Path remoteHome;
    private static Path remoteTenor;
    private static Path sshDir;
    private static Path tinyModel;
    private static Path triplets;

    @BeforeAll
    static void startServer() throws Exception {
        server = OpenSshServer.start(dir.resolve("sshd"));
        localHome = dir.resolve("local");
        remoteHome = dir.resolve("remote-home");
        remoteTenor = OpenSshServer.tenorCommand(dir.resolve("host/bin/tenor"), remoteHome);
        sshDir = dir.resolve("client-ssh");
        Files.createDirectories(sshDir);
        System.setProperty("tenor.home", localHome.toString());
        System.setProperty("tenor.ssh.dir", sshDir.toString());
        System.setProperty("tenor.remote.giveUpSeconds", "60");
        tinyModel = TinyModels.write(localHome.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 9)
                .dir();
        triplets = TinyTriplets.write(localHome.resolve("data/triplets.jsonl"), 64);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        // trainers a failed test left running there: those of this test's remote Tenor home
        String mine = "-Dtenor.home=" + remoteHome;
        ProcessHandle.allProcesses().filter(h -> java.util.Arrays.asList(h.info().arguments().orElse(new String[0]))
                .contains(mine)).forEach(ProcessHandle::destroyForcibly);
        System.clearProperty("tenor.home");
        System.clearProperty("tenor.ssh.dir");
        System.clearProperty("tenor.remote.giveUpSeconds");
    }

    /** Adds host {@code name} on the test server with the authorised key and the fake Tenor; {@code more} overrides. */
    private static void addHost(String name, String... more) {
        Map<String, String> options = new java.util.LinkedHashMap<>(Map.of("--host", "127.0.0.1", "--port",
                Integer.toString(server.port()), "--key", server.userKey().toString(), "--tenor",
                remoteTenor.toString(), "--dir", remoteHome.resolve("work").toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("remote", "add", name));
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        CommandRun r = CommandRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
    }

    /** The server's key in known_hosts, as `remote check --accept-host-key` leaves it. */
    private static void trustServer() throws Exception {
        Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine(server.hostKeyPub()));
    }

    @Test
    void hostsAreKeptWithoutSecrets() throws Exception {
        addHost("h-list", "--user", "trainer");
        CommandRun list = CommandRun.run("remote", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("h-list") && list.out().contains("trainer@127.0.0.1:" + server.port()),
                list.out());
        String stored = Files.readString(localHome.resolve("hosts.json"));
        assertTrue(stored.contains("\"key\" : \"" + server.userKey() + "\""), stored);
        assertFalse(stored.toLowerCase(java.util.Locale.ROOT).contains("pass"), stored);
        assertFalse(stored.contains(Files.readString(server.userKey()).lines().skip(1).findFirst().orElseThrow()),
                "the key's content is never copied");
        assertEquals(0, CommandRun.run("remote", "remove", "h-list").code());
        assertFalse(CommandRun.run("remote", "list").out().contains("h-list"));
        CommandRun again = CommandRun.run("remote", "remove", "h-list");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("no host named 'h-list'"), again.err());
    }

    @Test
    void anUnknownHostKeyIsShownAndAcceptedOnceAChangedOneIsRefused() throws Exception {
        Files.deleteIfExists(sshDir.resolve("known_hosts"));
        addHost("h-keys");
        String fingerprint = server.hostKeyFingerprint();
        CommandRun unknown = CommandRun.run("remote", "check", "h-keys");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("is not known yet") && unknown.err().contains(fingerprint), unknown.err());
        assertTrue(unknown.err().contains("--accept-host-key " + fingerprint), unknown.err());

        CommandRun accepted = CommandRun.run("remote", "check", "h-keys", "--accept-host-key", fingerprint);
        assertEquals(0, accepted.code(), accepted.err());
        assertTrue(accepted.out().contains("tenor: tenor " + VersionProvider.version()), accepted.out());
        assertTrue(accepted.out().contains("devices:\n  engine: PyTorch") && accepted.out().contains("\n  cpu "),
                accepted.out());
        java.util.regex.Matcher free = java.util.regex.Pattern.compile("free disk: (\\d+\\.\\d) GB in "
                + java.util.regex.Pattern.quote(remoteHome.resolve("work").toString()) + "\n").matcher(accepted.out());
        assertTrue(free.find(), accepted.out());
        double expectedGb = Files.getFileStore(remoteHome).getUsableSpace() / 1e9;
        assertEquals(expectedGb, Double.parseDouble(free.group(1)), 0.5, "df's free space there, as Java sees it");
        String known = Files.readString(sshDir.resolve("known_hosts"));
        assertTrue(known.contains("[127.0.0.1]:" + server.port()), known);

        CommandRun again = CommandRun.run("remote", "check", "h-keys");
        assertEquals(0, again.code(), "accepted once: known from now on\n" + again.err());

        Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine(server.otherHostKeyPub()));
        CommandRun changed = CommandRun.run("remote", "check", "h-keys");
        assertEquals(1, changed.code());
        assertTrue(changed.err().contains("has CHANGED") && changed.err().contains(fingerprint)
                && changed.err().contains("refuses to connect"), changed.err());
        assertEquals(server.knownHostsLine(server.otherHostKeyPub()), Files.readString(sshDir.resolve("known_hosts")),
                "a changed key is never written over the known one");
        trustServer();
    }

    @Test
    void faultsGiveClearMessages() throws Exception {
        trustServer();
        addHost("h-wrong-key", "--key", server.wrongKey().toString());
        CommandRun wrongKey = CommandRun.run("remote", "check", "h-wrong-key");
        assertEquals(1, wrongKey.code());
        assertTrue(wrongKey.err().contains("refused the key [" + server.wrongKey() + "]")
                && wrongKey.err().contains("authorized_keys"), wrongKey.err());

        addHost("h-ed25519", "--key", server.ed25519Key().toString());
        CommandRun ed = CommandRun.run("remote", "check", "h-ed25519"); // ssh-keygen's default key type logs in
        assertEquals(0, ed.code(), ed.err());

        assertEquals(0, CommandRun.run("remote", "add", "h-nowhere", "--host", "no-such-host.invalid", "--key",
                server.userKey().toString()).code());
        CommandRun nowhere = CommandRun.run("remote", "check", "h-nowhere");
        assertEquals(1, nowhere.code());
        assertTrue(nowhere.err().contains("the name no-such-host.invalid is not known"), nowhere.err());

        addHost("h-no-tenor", "--tenor", dir.resolve("nothing/bin/tenor").toString());
        CommandRun noTenor = CommandRun.run("remote", "check", "h-no-tenor");
        assertEquals(1, noTenor.code());
        assertTrue(noTenor.err().contains("Tenor is not installed on h-no-tenor")
                && noTenor.err().contains("apt install"), noTenor.err());

        // a full disk there: the host's folder on a 1 MB tmpfs, the tiny model (4 MB) does not fit
        Path small = dir.resolve("small-disk");
        try (SmallDisk disk = SmallDisk.mount(small, "1m", "the full-disk test")) {
            addHost("h-full", "--dir", small.toString());
            CommandRun full = CommandRun.run("train", "--remote", "h-full", "--base", tinyModel.toString(),
                    "--triplets", triplets.toString(), "--validate-every", "-1");
            assertEquals(1, full.code());
            assertTrue(full.err().contains("the disk of h-full is full: " + small) && full.err().contains("needs"),
                    full.err());
        }
    }

    @Test
    void aRemoteRunIsFollowedAcrossACutConnectionAndItsModelFetched() throws Exception {
        trustServer();
        addHost("h-run");
        Path remoteRun = remoteHome.resolve("work/runs/r-cut");
        AtomicInteger cut = new AtomicInteger(-1);
        AtomicInteger cutAtStep = new AtomicInteger();
        Thread cutter = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (System.nanoTime() < deadline) {
                    List<Integer> steps = lossSteps(remoteRun);
                    if (steps.size() >= 3) {
                        cutAtStep.set(steps.get(steps.size() - 1));
                        cut.set(server.cutConnections());
                        return;
                    }
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cutter.setDaemon(true);
        cutter.start();
        CommandRun run = CommandRun.run("train", "--remote", "h-run", "--out", "r-cut", "--base", tinyModel.toString(),
                "--triplets", triplets.toString(), "--batch-size", "4", "--max-seq-length", "16", "--epochs", "1000",
                "--max-steps", "40", "--checkpoint-every", "20", "--keep", "10", "--validate-every", "-1", "--select",
                "last", "--mirror", localHome.resolve("mirror-cut").toString());
        cutter.join(5000);
        assertEquals(0, run.code(), run.err() + "\nremote log:\n" + readIfThere(remoteRun.resolve("train.log")));
        assertTrue(cut.get() >= 1, "the connection was cut (" + cut.get() + " sshd processes killed)");
        assertTrue(run.err().contains("lost the connection to h-run") && run.err().contains("reconnected to h-run"),
                run.err());
        assertTrue(cutAtStep.get() < 40, "cut mid-run, at step " + cutAtStep.get());

        List<String> remoteLines = Files.readAllLines(remoteRun.resolve("metrics.jsonl"));
        assertEquals(remoteLines, run.out().lines().toList(), "followed lines equal the host's metrics.jsonl");
        List<Integer> steps = lossSteps(remoteRun);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i), "every step once");
        }
        assertEquals(40, steps.size());
        TrainingEvent last = MetricsLog.parse(remoteLines.get(remoteLines.size() - 1));
        assertEquals("done", last.get("event"));
        Path mirror = localHome.resolve("mirror-cut");
        assertEquals(remoteLines, Files.readAllLines(mirror.resolve("metrics.jsonl")), "the local mirror's metrics");
        assertEquals(Files.readString(remoteRun.resolve("args.json")), Files.readString(mirror.resolve("args.json")));
        assertEquals(TreeDigests.sha256(remoteRun.resolve("model")), TreeDigests.sha256(mirror.resolve("model")),
                "the mirror fetched the model at the end");
        // the triplets, then the model folder's files; no dev file
        long modelFiles;
        try (Stream<Path> files = Files.walk(tinyModel)) {
            modelFiles = files.filter(Files::isRegularFile).count();
        }
        assertTrue(run.err().contains("uploaded " + (1 + modelFiles) + " files"), run.err());

        // the same inputs again: nothing is sent twice
        CommandRun second = CommandRun.run("train", "--remote", "h-run", "--out", "r-again", "--base",
                tinyModel.toString(), "--triplets", triplets.toString(), "--batch-size", "4", "--max-seq-length", "16",
                "--max-steps", "2", "--validate-every", "-1", "--detach");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("uploaded 0 files (0.0 MB)"), second.err());
        Path againExit = remoteHome.resolve("work/runs/.r-again.exit");
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(againExit) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals("0", Files.readString(againExit).strip(), "the detached run ran to its end");

        Path fetched = localHome.resolve("fetched");
        CommandRun fetch = CommandRun.run("remote", "fetch", "h-run", "r-cut", "--to", fetched.toString(),
                "--checkpoint", "step-20");
        assertEquals(0, fetch.code(), fetch.err());
        Map<String, String> remoteModel = TreeDigests.sha256(remoteRun.resolve("model"));
        assertFalse(remoteModel.isEmpty());
        Map<String, String> localModel = TreeDigests.sha256(fetched);
        localModel.keySet().removeIf(k -> k.startsWith("checkpoints/"));
        assertEquals(remoteModel, localModel, "the fetched model's files equal the host's");
        assertEquals(TreeDigests.sha256(remoteRun.resolve("checkpoints/step-20")),
                TreeDigests.sha256(fetched.resolve("checkpoints/step-20")));

        // an interrupted download continues from its .part; the files already here are skipped
        Path weights = fetched.resolve("model.safetensors");
        byte[] whole = Files.readAllBytes(weights);
        Files.delete(weights);
        Files.write(fetched.resolve("model.safetensors.part"), java.util.Arrays.copyOf(whole, whole.length / 2));
        CommandRun resumed = CommandRun.run("remote", "fetch", "h-run", "r-cut", "--to", fetched.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains(": 1 downloaded (" + String.format(java.util.Locale.ROOT, "%.1f",
                (whole.length - whole.length / 2) / 1e6) + " MB)"), resumed.out());
        assertArrayEquals(whole, Files.readAllBytes(weights));
        assertFalse(Files.exists(fetched.resolve("model.safetensors.part")));
    }

    @Test
    void aStopRequestCheckpointsAndExitsZeroAndAttachFollowsTheRun() throws Exception {
        trustServer();
        addHost("h-stop");
        CommandRun start = CommandRun.run("train", "--remote", "h-stop", "--out", "r-stop", "--base",
                tinyModel.toString(), "--triplets", triplets.toString(), "--batch-size", "4", "--max-seq-length", "16",
                "--epochs", "1000", "--max-steps", "100000", "--checkpoint-every", "1", "--keep", "1",
                "--validate-every", "-1", "--detach");
        assertEquals(0, start.code(), start.err());
        assertEquals("r-stop", start.out().strip());
        Path remoteRun = remoteHome.resolve("work/runs/r-stop");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (lossSteps(remoteRun).size() < 3) {
            assertTrue(System.nanoTime() < deadline, "three steps within two minutes: "
                    + readIfThere(remoteRun.resolve("train.log")));
            Thread.sleep(50);
        }
        CommandRun stop = CommandRun.run("remote", "stop", "h-stop", "r-stop");
        assertEquals(0, stop.code(), stop.err());
        CommandRun attach = CommandRun.run("remote", "attach", "h-stop", "r-stop");
        assertEquals(0, attach.code(), attach.err());
        List<String> remoteLines = Files.readAllLines(remoteRun.resolve("metrics.jsonl"));
        assertEquals(remoteLines, attach.out().lines().toList());
        TrainingEvent stopped = MetricsLog.parse(remoteLines.get(remoteLines.size() - 1));
        assertEquals("stopped", stopped.get("event"));
        int step = (int) stopped.number("step");
        assertTrue(step >= 3 && step < 100000, "stopped at " + step);
        assertTrue(Files.isRegularFile(remoteRun.resolve("checkpoints/step-" + step + "/trainer_state.json")),
                "checkpoint of the last step");
        assertEquals("0", Files.readString(remoteRun.resolveSibling(".r-stop.exit")).strip());
        assertTrue(attach.err().contains("ended (exit 0)"), attach.err());

        // resumed there from its checkpoint, followed from the line it had reached, stopped again
        Thread stopper = new Thread(() -> {
            try {
                long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (System.nanoTime() < until) {
                    List<Integer> s = lossSteps(remoteRun);
                    if (!s.isEmpty() && s.get(s.size() - 1) >= step + 2) {
                        // the workbench's way: a STOP file in the local mirror, forwarded to the host
                        Files.writeString(localHome.resolve("mirror-stop/STOP"), "stop\n");
                        return;
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.setDaemon(true);
        stopper.start();
        CommandRun resumed = CommandRun.run("train", "--remote", "h-stop", "--resume", "r-stop", "--mirror",
                localHome.resolve("mirror-stop").toString());
        stopper.join(5000);
        assertEquals(0, resumed.code(), resumed.err());
        List<String> all = Files.readAllLines(remoteRun.resolve("metrics.jsonl"));
        assertEquals(remoteLines, all.subList(0, remoteLines.size()), "the earlier lines stay");
        assertEquals(all.subList(remoteLines.size(), all.size()), resumed.out().lines().toList(),
                "the resumed session's lines, each once");
        assertEquals("resumed", MetricsLog.parse(all.get(remoteLines.size())).get("event"));
        List<Integer> steps = lossSteps(remoteRun);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i), "every step once across both sessions");
        }
        assertEquals("stopped", MetricsLog.parse(all.get(all.size() - 1)).get("event"));
        assertTrue(resumed.err().contains("asked r-stop on h-stop to stop"), resumed.err());
        assertEquals(all.subList(remoteLines.size(), all.size()),
                Files.readAllLines(localHome.resolve("mirror-stop/metrics.jsonl")));
    }

    private static List<Integer> lossSteps(Path run) throws java.io.IOException {
        List<Integer> out = new ArrayList<>();
        for (TrainingEvent e : MetricsLog.read(run.resolve("metrics.jsonl"))) {
            if (e.has("loss")) {
                out.add((int) e.number("step"));
            }
        }
        return out;
    }

    private static String readIfThere(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
    }

    /** sha256 of every file under {@code dir} by relative path, computed here with the JDK's digest. */
}
