package dev.tenor.ui;

import dev.tenor.io.BadInputException;
import dev.tenor.task.CancelledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns failures into one sentence a user can act on. */
public final class Errors {

    private Errors() {
    }

    /** The message to show for {@code error}: bad input and IO problems as they are worded, others with their type. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof CancelledException) {
            return "Cancelled.";
        }
        String message = e.getMessage();
        if (e instanceof BadInputException || e instanceof IOException || e instanceof IllegalArgumentException) {
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
        if (e instanceof OutOfMemoryError) {
            return "Out of memory: " + message + ". Try a smaller dataset or sample.";
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** True when {@code error} is a cancellation, not a failure. */
    public static boolean isCancellation(Throwable error) {
        return unwrap(error) instanceof CancelledException;
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException
                || e instanceof UncheckedIOException || e instanceof java.lang.reflect.InvocationTargetException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
