package dev.tenor.remote;

import dev.tenor.io.BadInputException;

/**
 * A machine to train on, as {@code tenor remote add} keeps it. No password: the key file (or the default keys in
 * {@code ~/.ssh}) authenticates, its passphrase asked for each session.
 *
 * @param key a private key file on this machine; null for the default keys
 * @param tenor the {@code tenor} command on the host (a name on its PATH or an absolute path)
 * @param dir the folder on the host for uploads and runs (relative: to the login's home)
 */
public record RemoteHost(String name, String host, int port, String user, String key, String tenor, String dir) {

    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_TENOR = "tenor";
    public static final String DEFAULT_DIR = "tenor-remote";

    public RemoteHost {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new BadInputException("host name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
        if (host == null || host.isBlank()) {
            throw new BadInputException("host " + name + ": --host is required");
        }
        if (port < 1 || port > 65535) {
            throw new BadInputException("host " + name + ": port " + port + " is not between 1 and 65535");
        }
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name");
        }
        if (tenor == null || tenor.isBlank()) {
            tenor = DEFAULT_TENOR;
        }
        if (dir == null || dir.isBlank()) {
            dir = DEFAULT_DIR;
        }
        if (key != null && key.isBlank()) {
            key = null;
        }
    }

    /** {@code user@host:port}, as messages show it. */
    public String address() {
        return user + "@" + host + (port == DEFAULT_PORT ? "" : ":" + port);
    }
}
