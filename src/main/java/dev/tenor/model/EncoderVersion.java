package dev.tenor.model;

import ai.djl.engine.Engine;

/**
 * What an embedding depends on besides the model and the text: the code that computes it. Caches of
 * embeddings key on {@link #id()}, so a numerical change never serves numbers the old code computed.
 */
public final class EncoderVersion {

    /**
     * Bumped by hand with every change that alters the numbers an encoder produces (attention kernels,
     * activations, pooling, tokenisation). 2: GELU's tanh approximation honoured where config.json asks.
     */
    public static final int NUMERICS = 2;

    private EncoderVersion() {
    }

    /** The numerics version, the engine and its version, and Tenor's version (dev in a checkout). */
    public static String id() {
        DjlSetup.init();
        Engine engine = Engine.getInstance();
        String tenor = EncoderVersion.class.getPackage().getImplementationVersion();
        return "numerics-" + NUMERICS + " " + engine.getEngineName() + "-" + engine.getVersion() + " tenor-"
                + (tenor == null ? "dev" : tenor);
    }
}
