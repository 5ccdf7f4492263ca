package dev.tenor.remote;

import static dev.tenor.remote.SshConnection.quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Puts a run's inputs on a host, once: a file goes to {@code inputs/<sha256>-<name>}, a folder (a base model, a
 * validation set) to {@code models/<sha256 of its file list>-<name>/} with a {@code .sha256} manifest. When the
 * same content is already there (the host's {@code sha256sum} agrees), nothing is sent. Uploads go to a temporary
 * name and are renamed when complete and verified; a full disk is said so.
 */
public final class Uploads {

    /** What an upload did. */
    public record Tally(int sent, int skipped, long bytesSent) {
    }

    private static final String MANIFEST = ".sha256";

    private final RemoteWorkspace ws;
    private int sent;
    private int skipped;
    private long bytesSent;

    public Uploads(RemoteWorkspace ws) {
        this.ws = ws;
    }

    public Tally tally() {
        return new Tally(sent, skipped, bytesSent);
    }

    /** The remote path of {@code local}'s content, uploading it when the host lacks it. */
    public String file(Path local) throws IOException {
        String sha = Sha256.of(local);
        String remote = ws.inputs() + "/" + sha.substring(0, 16) + "-" + safe(local.getFileName().toString());
        if (sha.equals(ws.sha256(List.of(remote)).get(remote))) {
            skipped++;
            return remote;
        }
        ws.ssh().check("mkdir -p " + quote(ws.inputs()), "creating " + ws.inputs());
        long size = Files.size(local);
        checkSpace(size, local);
        String part = remote + ".part";
        send(local, part, size);
        verify(part, sha, local);
        ws.ssh().check("mv -f " + quote(part) + " " + quote(remote), "renaming " + part);
        sent++;
        return remote;
    }

    /** The remote path of a copy of folder {@code local}, uploading it when the host lacks it. */
    public String folder(Path local) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(local)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = local.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(MANIFEST) && !rel.endsWith(".tmp")) {
                    files.put(rel, p);
                }
            }
        }
        StringBuilder manifest = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Path> f : files.entrySet()) {
            manifest.append(Sha256.of(f.getValue())).append("  ").append(f.getKey()).append('\n');
            total += Files.size(f.getValue());
        }
        String id = Sha256.of(manifest.toString());
        String remote = ws.models() + "/" + id.substring(0, 16) + "-" + safe(local.getFileName().toString());
        if (ws.ssh().exec("cd " + quote(remote) + " && sha256sum -c --quiet " + MANIFEST + " > /dev/null 2>&1").ok()) {
            skipped += files.size();
            return remote;
        }
        checkSpace(total, local);
        String part = remote + ".part";
        List<String> dirs = new ArrayList<>();
        for (String rel : files.keySet()) {
            int slash = rel.lastIndexOf('/');
            dirs.add(quote(part + (slash < 0 ? "" : "/" + rel.substring(0, slash))));
        }
        ws.ssh().check("rm -rf " + quote(part) + " && mkdir -p " + String.join(" ", dirs), "creating " + part);
        for (Map.Entry<String, Path> f : files.entrySet()) {
            send(f.getValue(), part + "/" + f.getKey(), Files.size(f.getValue()));
            sent++;
        }
        Path manifestFile = Files.createTempFile("tenor-manifest", ".sha256");
        try {
            Files.writeString(manifestFile, manifest.toString());
            send(manifestFile, part + "/" + MANIFEST, manifest.length());
        } finally {
            Files.deleteIfExists(manifestFile);
        }
        SshConnection.Result check = ws.ssh().exec("cd " + quote(part) + " && sha256sum -c --quiet " + MANIFEST);
        if (!check.ok()) {
            throw new RemoteException("the copy of " + local + " on " + ws.ssh().host().name() + " differs from the "
                    + "original after the upload: " + (check.out() + check.err()).strip());
        }
        ws.ssh().check("rm -rf " + quote(remote) + " && mv " + quote(part) + " " + quote(remote),
                "renaming " + part);
        return remote;
    }

    private void send(Path local, String remote, long size) throws IOException {
        try {
            ws.ssh().upload(local, remote);
            bytesSent += size;
        } catch (IOException e) {
            ws.ssh().exec("rm -f " + quote(remote));
            long free = ws.freeBytes();
            if (free < size) {
                throw fullDisk(size, free, local);
            }
            throw new RemoteException("cannot upload " + local + " to " + ws.ssh().host().name() + ":" + remote
                    + ": " + e.getMessage(), e);
        }
    }

    private void verify(String remote, String sha, Path local) throws IOException {
        String got = ws.sha256(List.of(remote)).get(remote);
        if (!sha.equals(got)) {
            throw new RemoteException("the copy of " + local + " on " + ws.ssh().host().name() + " has sha256 " + got
                    + ", not " + sha + ", after the upload");
        }
    }

    private void checkSpace(long size, Path local) throws IOException {
        long free = ws.freeBytes();
        if (free < size + (1 << 20)) {
            throw fullDisk(size, free, local);
        }
    }

    private RemoteException fullDisk(long size, long free, Path local) {
        return new RemoteException("the disk of " + ws.ssh().host().name() + " is full: " + ws.base() + " has "
                + mb(free) + " free, uploading " + local + " needs " + mb(size) + "; free some space there or "
                + "choose another folder with --remote-dir");
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
