package dev.tenor.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One authenticated SSH session to a {@link RemoteHost}: commands (exit status and output) and SFTP. Public-key
 * authentication only (a key file, or the default keys of {@code ~/.ssh}); the host key must pass {@link HostKeys}.
 * Failures become {@link RemoteException}s that say what happened and what to do.
 */
public final class SshConnection implements AutoCloseable {

    /** A finished remote command. */
    public record Result(int code, String out, String err) {
        public boolean ok() {
            return code == 0;
        }
    }

    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final RemoteHost host;
    private final SshOptions options;
    private final SshClient client;
    private final ClientSession session;
    private SftpClient sftp;

    private SshConnection(RemoteHost host, SshOptions options, SshClient client, ClientSession session) {
        this.host = host;
        this.options = options;
        this.client = client;
        this.session = session;
    }

    /** Connects and authenticates, or throws a {@link RemoteException} with a clear message. */
    public static SshConnection open(RemoteHost host, SshOptions options) throws RemoteException {
        List<Path> keys = keyFiles(host, options);
        HostKeys hostKeys = new HostKeys(options);
        SshClient client = SshClient.setUpDefaultClient();
        try {
            client.setServerKeyVerifier(hostKeys.verifier());
        } catch (IOException e) {
            throw new RemoteException("cannot use " + options.knownHosts() + ": " + e.getMessage(), e);
        }
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE)); // never a password
        FileKeyPairProvider keyProvider = new FileKeyPairProvider(keys);
        keyProvider.setPasswordFinder(passwords(options));
        client.setKeyIdentityProvider(keyProvider);
        client.setFilePasswordProvider(passwords(options));
        client.start();
        ClientSession session = null;
        try {
            ConnectFuture f = client.connect(host.user(), host.host(), host.port());
            session = f.verify(options.timeout()).getSession();
            session.auth().verify(options.timeout());
            return new SshConnection(host, options, client, session);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            String refused = hostKeys.message(host);
            if (refused != null) {
                throw new RemoteException(refused, e);
            }
            throw new RemoteException(explain(host, keys, e), e);
        }
    }

    private static FilePasswordProvider passwords(SshOptions options) {
        return (session, resource, retry) -> retry > 2 ? null : options.passphrase().apply(resource.getName());
    }

    private static List<Path> keyFiles(RemoteHost host, SshOptions options) throws RemoteException {
        if (host.key() != null) {
            Path key = Path.of(host.key());
            if (!Files.isReadable(key)) {
                throw new RemoteException("host " + host.name() + ": the key file " + key + " cannot be read");
            }
            return List.of(key);
        }
        List<Path> found = new ArrayList<>();
        for (String name : DEFAULT_KEYS) {
            Path p = options.sshDir().resolve(name);
            if (Files.isReadable(p)) {
                found.add(p);
            }
        }
        if (found.isEmpty()) {
            throw new RemoteException("host " + host.name() + ": no key to log in with: give one with `tenor remote "
                    + "add " + host.name() + " ... --key FILE`, or create one with ssh-keygen -t ecdsa and copy it "
                    + "there with ssh-copy-id " + host.address());
        }
        return found;
    }

    /** Why a connection failed, in words: the first cause that means something to a person. */
    static String explain(RemoteHost host, List<Path> keys, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "cannot connect to host " + host.name() + ": the name " + host.host() + " is not known "
                        + "(check --host, or the machine's DNS)";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "cannot connect to host " + host.name() + " (" + host.host() + ":" + host.port() + "): "
                        + t.getMessage() + " (is the SSH server running, the port right, a firewall open?)";
            }
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("No more authentication methods") || text.contains("authentication")
                || text.contains("Authentication")) {
            return host.address() + " refused the key " + keys.stream().map(Path::toString).toList()
                    + ": add its public key to ~/.ssh/authorized_keys there (ssh-copy-id -i KEY " + host.address()
                    + "), or give the right one with --key";
        }
        if (text.contains("timeout") || text.contains("Timeout") || text.contains("timed out")) {
            return "cannot connect to host " + host.name() + " (" + host.host() + ":" + host.port()
                    + "): no answer within " + "the time limit";
        }
        return "cannot connect to host " + host.name() + " (" + host.address() + "): " + text;
    }

    public RemoteHost host() {
        return host;
    }

    public SshOptions options() {
        return options;
    }

    public boolean isOpen() {
        return session.isOpen() && session.isAuthenticated();
    }

    /** Runs {@code command} with the login's shell and waits for it. */
    public Result exec(String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(options.timeout());
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
            Integer status = ch.getExitStatus();
            if (status == null) {
                throw new RemoteException("the connection to " + host.name() + " ended while running: " + command);
            }
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs {@code command}; a non-zero exit is a {@link RemoteException} with its error output. */
    public String check(String command, String what) throws IOException {
        Result r = exec(command);
        if (!r.ok()) {
            throw new RemoteException(what + " failed on " + host.name() + " (exit " + r.code() + "): "
                    + (r.err().isBlank() ? r.out() : r.err()).strip());
        }
        return r.out();
    }

    public synchronized SftpClient sftp() throws IOException {
        if (sftp == null || !sftp.isOpen()) {
            sftp = SftpClientFactory.instance().createSftpClient(session);
        }
        return sftp;
    }

    /** The size of a remote file, or -1 when there is none. */
    public long size(String path) throws IOException {
        try {
            return sftp().stat(path).getSize();
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return -1;
            }
            throw e;
        }
    }

    /** Up to {@code max} bytes of a remote file from {@code offset}; empty at its end. */
    public byte[] read(String path, long offset, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[Math.min(max, 1 << 16)];
        try (SftpClient.CloseableHandle h = sftp().open(path, SftpClient.OpenMode.Read)) {
            long at = offset;
            while (out.size() < max) {
                int n = sftp().read(h, at, buf, 0, Math.min(buf.length, max - out.size()));
                if (n <= 0) {
                    break;
                }
                out.write(buf, 0, n);
                at += n;
            }
        }
        return out.toByteArray();
    }

    /** Streams a remote file from {@code offset} into {@code out}; returns the bytes copied. */
    public long download(String path, long offset, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long at = offset;
        try (SftpClient.CloseableHandle h = sftp().open(path, SftpClient.OpenMode.Read)) {
            while (true) {
                int n = sftp().read(h, at, buf, 0, buf.length);
                if (n <= 0) {
                    return at - offset;
                }
                out.write(buf, 0, n);
                at += n;
            }
        }
    }

    /** Writes a local file to a remote path (created or truncated). */
    public void upload(Path local, String remote) throws IOException {
        try (InputStream in = Files.newInputStream(local); OutputStream out = sftp().write(remote)) {
            in.transferTo(out);
        }
    }

    /** A word for the shell: single-quoted, so nothing in it is expanded. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        try {
            if (sftp != null) {
                sftp.close();
            }
        } catch (IOException e) {
            // closing a dead channel
        }
        closeQuietly(session);
        client.stop();
    }

    private static void closeQuietly(ClientSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a dead session
            }
        }
    }
}
