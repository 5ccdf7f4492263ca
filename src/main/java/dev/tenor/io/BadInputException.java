package dev.tenor.io;

import java.nio.file.Path;

/**
 * Input a user gave (a file, a folder, a value) that Tenor cannot use. The message names the input and
 * the problem, is meant for people, and is shown as is by the command line and the workbench.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one file: the message reads "{file}: {problem}". */
    public static BadInputException of(Path file, String problem) {
        return new BadInputException(file + ": " + problem);
    }

    public static BadInputException of(Path file, String problem, Throwable cause) {
        return new BadInputException(file + ": " + problem, cause);
    }
}
