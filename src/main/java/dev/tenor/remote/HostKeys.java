package dev.tenor.remote;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.security.PublicKey;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Host keys checked against {@code known_hosts}, as OpenSSH's {@code StrictHostKeyChecking=ask} would with a
 * person to ask: a known key passes; an unknown key passes only when the user accepted its fingerprint (it is
 * then written to {@code known_hosts}); a changed key never passes. What went wrong is kept for the message.
 */
final class HostKeys {

    /** Why the key was refused; null while nothing was refused. */
    record Refusal(boolean changed, String fingerprint, String keyType, String expectedFingerprint) {
    }

    private final SshOptions options;
    private volatile Refusal refusal;

    HostKeys(SshOptions options) {
        this.options = options;
    }

    ServerKeyVerifier verifier() throws IOException {
        Files.createDirectories(options.sshDir());
        ServerKeyVerifier unknown = (ClientSession session, SocketAddress address, PublicKey key) -> {
            String fp = KeyUtils.getFingerPrint(key);
            if (fp.equals(options.acceptFingerprint())) {
                return true; // the verifier then appends it to known_hosts
            }
            refusal = new Refusal(false, fp, KeyUtils.getKeyType(key), null);
            return false;
        };
        KnownHostsServerKeyVerifier known = new KnownHostsServerKeyVerifier(unknown, options.knownHosts());
        known.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
            refusal = new Refusal(true, KeyUtils.getFingerPrint(actual), KeyUtils.getKeyType(actual),
                    KeyUtils.getFingerPrint(expected));
            return false;
        });
        return known;
    }

    Refusal refusal() {
        return refusal;
    }

    /** The message for a refused key, naming the host and what to do. */
    String message(RemoteHost host) {
        Refusal r = refusal;
        if (r == null) {
            return null;
        }
        if (r.changed()) {
            return "the host key of " + host.host() + ":" + host.port() + " has CHANGED: " + options.knownHosts()
                    + " has " + r.expectedFingerprint() + ", the server now shows " + r.fingerprint() + " ("
                    + r.keyType() + "). Someone may be intercepting the connection, or the server was reinstalled; "
                    + "Tenor refuses to connect. If the change is expected, remove the old entry (ssh-keygen -R '["
                    + host.host() + "]:" + host.port() + "' -f " + options.knownHosts() + ") and check the host again.";
        }
        return "the host key of " + host.host() + ":" + host.port() + " is not known yet (not in "
                + options.knownHosts() + "): " + r.fingerprint() + " (" + r.keyType() + "). Compare it with the "
                + "server's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub there), then accept it once with "
                + "`tenor remote check " + host.name() + " --accept-host-key " + r.fingerprint() + "`";
    }
}
