package dev.tenor.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file or folder that could not be written, named as the user asked for it (never the temporary file an
 * atomic write goes through), with the reason in words: "{target}: cannot write (permission denied)".
 */
public class WriteException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path target;
    private final String reason;

    public WriteException(Path target, String reason, Throwable cause) {
        super(target + ": cannot write (" + reason + ")", cause);
        this.target = target;
        this.reason = reason;
    }

    /** {@code e} as a write failure of {@code target}. */
    public static WriteException of(Path target, IOException e) {
        if (e instanceof WriteException w) {
            return new WriteException(target, w.reason(), w.getCause() != null ? w.getCause() : w);
        }
        return new WriteException(target, reason(e), e);
    }

    public Path target() {
        return target;
    }

    /** The reason alone: "permission denied", "No space left on device". */
    public String reason() {
        return reason;
    }

    /** What went wrong with a file, in words, without the exception's type. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof NotDirectoryException || e instanceof java.nio.file.FileAlreadyExistsException) {
            // createDirectories meets a file where the path needs a folder
            return "a file stands where a folder should be" + (e instanceof FileSystemException f && f.getFile() != null
                    ? ": " + f.getFile() : "");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
