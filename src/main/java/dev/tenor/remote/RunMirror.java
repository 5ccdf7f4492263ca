package dev.tenor.remote;

import dev.tenor.io.AtomicFiles;
import dev.tenor.io.Json;
import dev.tenor.train.RunFiles;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local folder standing for a remote run, so that what reads local run folders (the workbench's runs table,
 * charts and models) sees it: the run's {@code args.json}, its {@code metrics.jsonl} as followed, {@code remote.json}
 * naming the host and the run there, and {@code model/} once fetched. A {@code STOP} file created in it is a stop
 * request for the remote run.
 */
public final class RunMirror implements AutoCloseable {

    /** The host and the run folder there. */
    public static final String REMOTE = "remote.json";

    private final Path dir;
    private final BufferedWriter metrics;

    public RunMirror(Path dir, RemoteHost host, RemoteRun run) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Map<String, Object> remote = new LinkedHashMap<>();
        remote.put("host", host.name());
        remote.put("address", host.address());
        remote.put("run", run.dir());
        AtomicFiles.writeString(dir.resolve(REMOTE), Json.pretty(remote) + "\n");
        metrics = Files.newBufferedWriter(dir.resolve(RunFiles.METRICS), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path dir() {
        return dir;
    }

    /** The host and run folder there that a mirror folder stands for. */
    public record Remote(String host, String run) {
    }

    /** What {@code dir} mirrors; empty for an ordinary (local) run folder. */
    public static java.util.Optional<Remote> remoteOf(Path dir) {
        Path file = dir.resolve(REMOTE);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode n = Json.read(file);
        return java.util.Optional.of(new Remote(n.path("host").asText(), n.path("run").asText()));
    }

    /** Copies the run's {@code args.json} from the host (written by the trainer when it starts). */
    public void copyArgs(SshConnection ssh, RemoteRun run) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ssh.download(run.dir() + "/" + RunFiles.ARGS, 0, out);
        AtomicFiles.writeBytes(dir.resolve(RunFiles.ARGS), out.toByteArray());
    }

    public synchronized void append(String line) throws IOException {
        metrics.write(line);
        metrics.write('\n');
        metrics.flush();
    }

    /** The host rewrote its metrics (a resume): so does the mirror. */
    public synchronized void restart() throws IOException {
        metrics.flush();
        Files.write(dir.resolve(RunFiles.METRICS), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Whether a stop was asked for here; the request is consumed. */
    public boolean takeStopRequest() throws IOException {
        return Files.deleteIfExists(dir.resolve(RunFiles.STOP));
    }

    @Override
    public synchronized void close() throws IOException {
        metrics.close();
    }
}
