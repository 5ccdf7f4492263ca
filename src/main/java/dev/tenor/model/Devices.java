package dev.tenor.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The devices the engine can compute on, and the parsing of device choices ({@code cpu}, {@code gpu:N}, {@code gpus}). */
public final class Devices {

    private Devices() {
    }

    /** Number of CUDA GPUs visible to the engine (0 where there is no CUDA build or no GPU). */
    public static int gpuCount() {
        DjlSetup.init();
        return Engine.getInstance().getGpuCount();
    }

    /** CPU first, then every GPU. */
    public static List<Device> available() {
        List<Device> out = new ArrayList<>();
        out.add(Device.cpu());
        for (int i = 0; i < gpuCount(); i++) {
            out.add(Device.gpu(i));
        }
        return out;
    }

    /**
     * Parses a device choice: {@code cpu}, {@code gpu} (= gpu:0), {@code gpu:N}, {@code gpus} (all),
     * or a comma list {@code gpu:0,gpu:1} (one data-parallel replica per entry; {@code cpu,cpu} runs two
     * replicas on the CPU, the data-parallel path on a machine without GPUs). A GPU choice without that GPU
     * fails with a clear message.
     */
    public static Device[] parse(String choice) {
        String c = choice.trim().toLowerCase(Locale.ROOT);
        if (c.equals("cpu")) {
            return new Device[] {Device.cpu()};
        }
        int gpus = gpuCount();
        if (c.equals("gpus") || c.equals("all")) {
            requireGpus(gpus, 1, choice);
            Device[] all = new Device[gpus];
            for (int i = 0; i < gpus; i++) {
                all[i] = Device.gpu(i);
            }
            return all;
        }
        List<Device> picked = new ArrayList<>();
        for (String part : c.split(",")) {
            String p = part.trim();
            int index;
            if (p.equals("cpu")) {
                picked.add(Device.cpu()); // cpu,cpu: two replicas on the CPU, the data-parallel path without GPUs
                continue;
            } else if (p.equals("gpu")) {
                index = 0;
            } else if (p.startsWith("gpu:")) {
                try {
                    index = Integer.parseInt(p.substring(4));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown device '" + part + "' (use cpu, gpu:N or gpus)");
                }
            } else {
                throw new IllegalArgumentException("unknown device '" + part + "' (use cpu, gpu:N or gpus)");
            }
            requireGpus(gpus, index + 1, choice);
            picked.add(Device.gpu(index));
        }
        return picked.toArray(Device[]::new);
    }

    private static void requireGpus(int have, int need, String choice) {
        if (have == 0) {
            throw new IllegalArgumentException("device '" + choice + "' asks for a GPU, but no CUDA GPU is visible "
                    + "to PyTorch here (this build runs on the CPU; see README: GPU builds). Use --device cpu.");
        }
        if (have < need) {
            throw new IllegalArgumentException("device '" + choice + "' asks for GPU " + (need - 1) + ", but only "
                    + have + " GPU(s) are visible");
        }
    }

    /** A line per device for {@code tenor devices}. */
    public static List<String> describe() {
        DjlSetup.init();
        Engine engine = Engine.getInstance();
        List<String> lines = new ArrayList<>();
        lines.add("engine: " + engine.getEngineName() + " " + engine.getVersion());
        lines.add("cpu      " + Runtime.getRuntime().availableProcessors() + " cores");
        for (int i = 0; i < engine.getGpuCount(); i++) {
            lines.add("gpu:" + i + "    CUDA device " + i);
        }
        CudaNatives natives = CudaNatives.current();
        int driverGpus = CudaNatives.visibleGpus();
        if (engine.getGpuCount() > 0) {
            lines.add("natives: PyTorch " + CudaNatives.PYTORCH_VERSION + " " + CudaNatives.FLAVOR + " from "
                    + natives.folder());
        } else if (driverGpus > 0 && !natives.installed()) {
            lines.add("(the NVIDIA driver shows " + driverGpus + " GPU(s), but this installation runs PyTorch's CPU "
                    + "natives: run `tenor devices --install-cuda` once, online, to train on them)");
        } else if (driverGpus > 0) {
            lines.add("(the CUDA natives are installed in " + natives.folder() + " but PyTorch sees no GPU: check the "
                    + "driver's CUDA version, which must be 12.8 or newer)");
        } else {
            lines.add("(no CUDA GPU visible: GPU options are unavailable)");
        }
        return lines;
    }
}
