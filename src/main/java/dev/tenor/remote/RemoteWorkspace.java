package dev.tenor.remote;

import static dev.tenor.remote.SshConnection.quote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenor's folder on a host ({@link RemoteHost#dir()}, made absolute): {@code inputs/} and {@code models/} for
 * uploads, {@code runs/} for run folders; and the host's {@code tenor} command.
 */
public final class RemoteWorkspace {

    private final SshConnection ssh;
    private final String base;

    private RemoteWorkspace(SshConnection ssh, String base) {
        this.ssh = ssh;
        this.base = base;
    }

    /** Creates the folder when missing and learns its absolute path. */
    public static RemoteWorkspace open(SshConnection ssh, String dir) throws IOException {
        String d = dir == null || dir.isBlank() ? ssh.host().dir() : dir;
        String out = ssh.check("mkdir -p " + quote(d) + " && cd " + quote(d) + " && pwd", "creating the folder " + d)
                .strip();
        return new RemoteWorkspace(ssh, out);
    }

    public SshConnection ssh() {
        return ssh;
    }

    public String base() {
        return base;
    }

    public String inputs() {
        return base + "/inputs";
    }

    public String models() {
        return base + "/models";
    }

    public String runs() {
        return base + "/runs";
    }

    /** A run by name (a folder in {@code runs/}) or by absolute path. */
    public RemoteRun run(String nameOrPath) {
        return new RemoteRun(nameOrPath.startsWith("/") ? nameOrPath : runs() + "/" + nameOrPath);
    }

    /** The command that runs the host's Tenor. */
    public String tenor() {
        String t = ssh.host().tenor();
        return t.startsWith("~/") ? "\"$HOME\"/" + quote(t.substring(2)) : quote(t);
    }

    /**
     * The host's {@code tenor --version}; a {@link RemoteException} saying how to install Tenor when it is
     * missing there.
     */
    public String tenorVersion() throws IOException {
        SshConnection.Result r = ssh.exec(tenor() + " --version");
        if (r.code() == 127 || r.code() == 126 || r.err().contains("not found") && !r.ok()) {
            throw new RemoteException("Tenor is not installed on " + ssh.host().name() + " ('" + ssh.host().tenor()
                    + "' is not a command there: " + r.err().strip() + "). Install it there (the .deb: sudo apt "
                    + "install ./tenor_*.deb, or a checkout: git clone ... && tenor/bin/tenor --version), then check "
                    + "`tenor devices` there, and give its path with `tenor remote add " + ssh.host().name()
                    + " --host " + ssh.host().host() + " --tenor /path/to/bin/tenor` if it is not on the PATH");
        }
        if (!r.ok()) {
            throw new RemoteException("`tenor --version` failed on " + ssh.host().name() + " (exit " + r.code() + "): "
                    + (r.err() + r.out()).strip());
        }
        return r.out().lines().findFirst().orElse("").strip();
    }

    /** The host's {@code tenor devices}, one device a line. */
    public List<String> devices() throws IOException {
        return ssh.check(tenor() + " devices", "tenor devices").lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
    }

    /** Free bytes on the file system of the workspace. */
    public long freeBytes() throws IOException {
        String out = ssh.check("df -Pk " + quote(base), "df");
        List<String> lines = out.lines().toList();
        String[] cols = lines.get(lines.size() - 1).trim().split("\\s+");
        return Long.parseLong(cols[3]) * 1024;
    }

    /** sha256 of remote files by path; files that do not exist are absent from the map. */
    public Map<String, String> sha256(List<String> paths) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (paths.isEmpty()) {
            return out;
        }
        StringBuilder cmd = new StringBuilder("for f in");
        for (String p : paths) {
            cmd.append(' ').append(quote(p));
        }
        cmd.append("; do if [ -f \"$f\" ]; then sha256sum \"$f\"; fi; done");
        for (String line : ssh.check(cmd.toString(), "sha256sum").lines().toList()) {
            int sp = line.indexOf("  ");
            if (sp > 0) {
                out.put(line.substring(sp + 2), line.substring(0, sp));
            }
        }
        return out;
    }

    /** Files under {@code dir} (relative paths) with their sha256, as the host computes them. */
    public Map<String, String> sha256Tree(String dir) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        String cmd = "cd " + quote(dir) + " && find . -type f ! -name '*.tmp' -exec sha256sum {} +";
        for (String line : ssh.check(cmd, "listing " + dir).lines().toList()) {
            int sp = line.indexOf("  ");
            if (sp > 0) {
                String rel = line.substring(sp + 2);
                out.put(rel.startsWith("./") ? rel.substring(2) : rel, line.substring(0, sp));
            }
        }
        return out;
    }

    /** The words of a command line, quoted for the host's shell. */
    static String words(List<String> args) {
        List<String> q = new ArrayList<>();
        for (String a : args) {
            q.add(quote(a));
        }
        return String.join(" ", q);
    }
}
