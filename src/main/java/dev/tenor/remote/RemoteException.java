package dev.tenor.remote;

import java.io.IOException;

/**
 * A remote host that cannot be used as asked: unreachable, an unknown or changed host key, a refused key, no
 * Tenor there, a full disk. The message is meant for people and says what to do.
 */
public class RemoteException extends IOException {

    private static final long serialVersionUID = 1L;

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
