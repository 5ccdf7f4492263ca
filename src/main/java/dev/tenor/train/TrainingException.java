package dev.tenor.train;

/** Training stopped on an error a user should read (a NaN loss, a failed checkpoint write). */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
