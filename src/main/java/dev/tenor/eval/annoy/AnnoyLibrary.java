package dev.tenor.eval.annoy;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** Loads {@code libannoy} once (JNA finds it on the class path under its platform folder) and remembers why not. */
final class AnnoyLibrary {

    private static final AnnoyNative LIB;
    private static final String PROBLEM;

    static {
        AnnoyNative lib = null;
        String problem = null;
        try {
            NativeLibrary handle = NativeLibrary.getInstance("annoy", AnnoyLibrary.class.getClassLoader());
            for (String symbol : AnnoyNative.SYMBOLS) {
                handle.getFunction(symbol);
            }
            lib = Native.load("annoy", AnnoyNative.class);
        } catch (LinkageError | IllegalStateException e) { // UnsatisfiedLinkError: no build for this platform
            problem = "the Annoy native library is not available for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " ("
                    + firstLine(e.getMessage()) + "); use exact search";
        }
        LIB = lib;
        PROBLEM = problem;
    }

    private AnnoyLibrary() {
    }

    static boolean available() {
        return LIB != null;
    }

    /** Why the library did not load, or null when it did. */
    static String problem() {
        return PROBLEM;
    }

    static AnnoyNative get() {
        if (LIB == null) {
            throw new IllegalStateException(PROBLEM);
        }
        return LIB;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
