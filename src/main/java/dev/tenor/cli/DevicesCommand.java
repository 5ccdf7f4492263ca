package dev.tenor.cli;

import dev.tenor.model.CudaNatives;
import dev.tenor.model.Devices;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor devices}: the CPU and every GPU the engine sees; installs PyTorch's CUDA natives on request. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the devices (CPU, GPUs) training can use, as --device takes them.",
                "Tenor ships PyTorch's CPU natives. On a machine with an NVIDIA GPU (driver for CUDA 12.8 or newer), "
                        + "--install-cuda downloads PyTorch " + CudaNatives.PYTORCH_VERSION + "'s CUDA natives "
                        + "(about 2.5 GB, once, resumable) from " + CudaNatives.DEFAULT_URL + " into the data folder; "
                        + "every later run uses them where a GPU is visible and stays offline."})
public final class DevicesCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public DevicesCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @Option(names = "--install-cuda", description = "Download and install PyTorch's CUDA natives for this user.")
    boolean installCuda;

    @Option(names = "--force", description = "With --install-cuda: download even where no GPU is visible now "
            + "(to prepare a machine image).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (installCuda) {
            CudaNatives natives = CudaNatives.current();
            if (natives.installed()) {
                System.out.println("the CUDA natives are installed already: " + natives.folder());
                return 0;
            }
            Path folder;
            try (ProgressBar bar = new ProgressBar(ProgressBar.Units.BYTES)) {
                folder = natives.install(force, bar, interrupts.token());
            }
            System.out.println("installed PyTorch " + CudaNatives.PYTORCH_VERSION + " " + CudaNatives.FLAVOR
                    + " natives in " + folder + "; the next Tenor run uses them where a GPU is visible");
            return 0;
        }
        Devices.describe().forEach(System.out::println);
        return 0;
    }
}
