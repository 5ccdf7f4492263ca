package dev.tenor.remote;

import dev.tenor.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Downloads parts of a remote run folder ({@code model/}, {@code checkpoints/step-N/}) into a local folder, each
 * file checked against the sha256 the host computes. Resumable: a file already here with the same sha256 is
 * skipped, an interrupted one ({@code NAME.part}) continues from where it stopped.
 */
public final class ModelFetch {

    /** What a fetch did. */
    public record Tally(int downloaded, int skipped, long bytes, long resumedFrom) {
    }

    private final RemoteWorkspace ws;
    private int downloaded;
    private int skipped;
    private long bytes;
    private long resumedFrom;

    public ModelFetch(RemoteWorkspace ws) {
        this.ws = ws;
    }

    /**
     * Connects to {@code hostName} and downloads {@code run}'s {@code model/} (a run name, or its folder there)
     * into {@code target}, each file checked by sha256; files already here with the same hash are kept.
     */
    public static Tally fetchModel(String hostName, String run, Path target) throws IOException {
        RemoteHost host = RemoteHosts.current().get(hostName);
        try (SshConnection ssh = SshConnection.open(host, SshOptions.defaults())) {
            RemoteWorkspace ws = RemoteWorkspace.open(ssh, null);
            ModelFetch fetch = new ModelFetch(ws);
            fetch.fetch(ws.run(run), "model", target);
            return fetch.tally();
        }
    }

    public Tally tally() {
        return new Tally(downloaded, skipped, bytes, resumedFrom);
    }

    /**
     * Fetches {@code part} of {@code run} (a folder inside it, such as {@code model}) into {@code target}; returns
     * the remote files' sha256 by relative path.
     */
    public Map<String, String> fetch(RemoteRun run, String part, Path target) throws IOException {
        String remoteDir = run.dir() + "/" + part;
        if (!ws.ssh().exec("test -d " + SshConnection.quote(remoteDir)).ok()) {
            throw new RemoteException(ws.ssh().host().name() + ":" + remoteDir + " does not exist"
                    + (part.equals("model") ? " (has the run finished? see `tenor remote attach`)" : ""));
        }
        Map<String, String> files = ws.sha256Tree(remoteDir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            fetchFile(remoteDir + "/" + f.getKey(), f.getValue(), target.resolve(f.getKey()));
        }
        return files;
    }

    private void fetchFile(String remote, String sha, Path local) throws IOException {
        if (Files.isRegularFile(local) && Sha256.of(local).equals(sha)) {
            skipped++;
            return;
        }
        Files.createDirectories(local.toAbsolutePath().getParent());
        Path part = local.resolveSibling(local.getFileName() + ".part");
        for (int attempt = 0; attempt < 2; attempt++) {
            long have = Files.exists(part) ? Files.size(part) : 0;
            resumedFrom += have;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                bytes += ws.ssh().download(remote, have, out);
            }
            if (Sha256.of(part).equals(sha)) {
                Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                downloaded++;
                return;
            }
            Files.delete(part); // a stale or corrupt part: once more from the start
        }
        throw new RemoteException("the download of " + ws.ssh().host().name() + ":" + remote + " does not match "
                + "its sha256 " + sha + " (twice); the file there may be changing");
    }

    /** Removes what a fetch left half-done in {@code target}. */
    public static void cleanParts(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return;
        }
        try (var walk = Files.walk(target)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".part")).toList()) {
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /** Local folder names for the parts, in fetch order: {@code model} first. */
    public static List<String> parts(List<String> checkpoints) {
        List<String> out = new java.util.ArrayList<>(List.of("model"));
        for (String c : checkpoints) {
            out.add(c.startsWith("checkpoints/") ? c : "checkpoints/" + c);
        }
        return out;
    }
}
