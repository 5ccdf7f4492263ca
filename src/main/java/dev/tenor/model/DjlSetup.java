package dev.tenor.model;

/**
 * Prepares DJL before its first use: offline mode (so DJL never downloads or sends telemetry),
 * PyTorch's thread counts, and the exit hook that lets native work in flight finish ({@link NativeWork}). Every entry point calls {@link #init()} before touching any DJL class.
 */
public final class DjlSetup {

    private static volatile boolean done;

    private DjlSetup() {
    }

    /** PyTorch's CUDA natives, once `tenor devices --install-cuda` installed them and a GPU is visible. */
    private static void useCudaNativesWhereInstalled() {
        CudaNatives natives = CudaNatives.current();
        if (!natives.installed()) {
            return; // no GPU probe at all on the usual CPU-only machine
        }
        natives.engineProperties(CudaNatives.visibleGpus(), System.getenv("PYTORCH_LIBRARY_PATH"),
                System.getProperty("java.library.path")).forEach(System::setProperty);
    }

    public static synchronized void init() {
        if (done) {
            return;
        }
        System.setProperty("ai.djl.offline", "true");
        // Telemetry is off in offline mode already; say so twice, for any code path that checks only this.
        System.setProperty("OPT_OUT_TRACKING", "true");
        // The default engine is PyTorch; name it so no other engine on the class path is probed.
        System.setProperty("ai.djl.default_engine", "PyTorch");
        int cores = Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads",
                Integer.toString(cores)));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        useCudaNativesWhereInstalled();
        NativeWork.installExitHook();
        done = true;
    }
}
