package dev.tenor.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * How to connect: where {@code known_hosts} and the default keys are, a host key fingerprint the user accepted
 * (for a host seen for the first time), and who to ask for a key's passphrase (kept in memory for the session only).
 *
 * @param sshDir the folder of {@code known_hosts} and the default keys ({@code ~/.ssh})
 * @param acceptFingerprint a {@code SHA256:...} fingerprint to trust and record when the host is unknown; or null
 * @param passphrase asks for the passphrase of the key file named; returns null when nobody can answer
 */
public record SshOptions(Path sshDir, String acceptFingerprint, Function<String, String> passphrase,
                         Duration timeout) {

    /** {@code ~/.ssh}, or the {@code tenor.ssh.dir} property (tests point it at their own folder). */
    public static Path defaultSshDir() {
        String prop = System.getProperty("tenor.ssh.dir");
        return prop != null && !prop.isBlank() ? Path.of(prop)
                : Path.of(System.getProperty("user.home"), ".ssh");
    }

    public static SshOptions defaults() {
        return new SshOptions(defaultSshDir(), null, file -> null, Duration.ofSeconds(20));
    }

    public SshOptions accepting(String fingerprint) {
        return new SshOptions(sshDir, fingerprint, passphrase, timeout);
    }

    public SshOptions askingPassphrase(Function<String, String> ask) {
        return new SshOptions(sshDir, acceptFingerprint, ask, timeout);
    }

    public Path knownHosts() {
        return sshDir.resolve("known_hosts");
    }
}
