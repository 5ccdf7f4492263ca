package dev.tenor.cli;

import dev.tenor.model.Devices;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tenor devices}: the CPU and every GPU the engine sees. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the devices (CPU, GPUs) training can use, as --device takes them.")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Devices.describe().forEach(System.out::println);
        return 0;
    }
}
