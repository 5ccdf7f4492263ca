package dev.tenor.remote;

import dev.tenor.TestEnvironment;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 for the remote-run tests: its own free port, a fresh host key, one authorised
 * client key (and one that is not), its own sshd_config; and a {@code tenor} command on this machine that runs the
 * test's class path with its own Tenor home, standing for a host's installed Tenor.
 */
public final class OpenSshServer implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process process;

    private OpenSshServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts the server in {@code dir} (which it fills), or skips (under CI: fails) where sshd is missing. */
    public static OpenSshServer start(Path dir) throws Exception {
        TestEnvironment.need(Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "OpenSSH's server is not installed (apt-get install openssh-server openssh-client)");
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("other_host_key"));
        keygen(dir.resolve("user_key"));
        keygen(dir.resolve("wrong_key"));
        Process ed = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tenor-test", "-f",
                dir.resolve("ed25519_key").toString()).redirectErrorStream(true).start();
        ed.getInputStream().readAllBytes();
        ed.waitFor();
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve("user_key.pub"))
                + Files.readString(dir.resolve("ed25519_key.pub")));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation folder
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin yes",
                "AllowUsers " + System.getProperty("user.name"),
                "Subsystem sftp /usr/lib/openssh/sftp-server",
                "LogLevel ERROR", ""));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSshServer server = new OpenSshServer(dir, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.accepts()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
            }
            Thread.sleep(50);
        }
        return server;
    }

    private static void keygen(Path file) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "tenor-test",
                "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + out);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path userKey() {
        return dir.resolve("user_key");
    }

    /** An ed25519 key, authorised too. */
    public Path ed25519Key() {
        return dir.resolve("ed25519_key");
    }

    public Path wrongKey() {
        return dir.resolve("wrong_key");
    }

    /** The public key file of the server's host key. */
    public Path hostKeyPub() {
        return dir.resolve("host_key.pub");
    }

    public Path otherHostKeyPub() {
        return dir.resolve("other_host_key.pub");
    }

    /** The host key's fingerprint as OpenSSH's own ssh-keygen prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", hostKeyPub().toString()).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.split("\\s+")[1];
    }

    /** A known_hosts line naming this server with the public key in {@code pub}. */
    public String knownHostsLine(Path pub) throws IOException {
        String[] parts = Files.readString(pub).strip().split("\\s+");
        return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n";
    }

    /**
     * Cuts every open connection: kills the server's per-connection processes (its sshd children), as a network
     * failure or a restarted router would end them. The listener stays, so a client can connect again. Processes
     * started over SSH and detached from it are not sshd's children any more and keep running.
     */
    public int cutConnections() {
        List<ProcessHandle> sessions = new ArrayList<>();
        process.toHandle().descendants().forEach(h -> {
            String cmd = h.info().command().orElse("");
            if (cmd.endsWith("/sshd") || cmd.endsWith("sshd-session") || cmd.equals("sshd")) {
                sessions.add(h);
            }
        });
        sessions.forEach(ProcessHandle::destroyForcibly);
        return sessions.size();
    }

    /**
     * Writes a {@code tenor} command that runs this JVM's class path with {@code home} as its Tenor home: the
     * host's "installed" Tenor.
     */
    public static Path tenorCommand(Path file, Path home) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexport DJL_OFFLINE=true\nexec " + java + " -Xmx1g -Dai.djl.offline=true "
                + "-Dfile.encoding=UTF-8 -Dtenor.home=" + home + " --add-opens java.base/java.lang=ALL-UNNAMED -cp "
                + String.join(File.pathSeparator, cp) + " dev.tenor.cli.Main \"$@\"\n");
        file.toFile().setExecutable(true);
        return file;
    }

    @Override
    public void close() {
        cutConnections();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
