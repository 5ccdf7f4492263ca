package dev.tenor.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The device choices of a host, as {@code --device} takes them, from its {@code tenor devices}. */
public final class HostDevices {

    private HostDevices() {
    }

    /** cpu, each GPU (gpu:N), and gpus when there are several; a clear message when the host cannot be used. */
    public static List<String> list(String hostName) throws IOException {
        RemoteHost host = RemoteHosts.current().get(hostName);
        try (SshConnection ssh = SshConnection.open(host, SshOptions.defaults())) {
            RemoteWorkspace ws = RemoteWorkspace.open(ssh, null);
            ws.tenorVersion(); // says how to install Tenor when it is missing
            return choices(ws.devices());
        }
    }

    /** The choices in the lines of {@code tenor devices}. */
    static List<String> choices(List<String> lines) {
        List<String> out = new ArrayList<>(List.of("cpu"));
        for (String l : lines) {
            if (l.startsWith("gpu:")) {
                out.add(l.split("\\s+")[0]);
            }
        }
        if (out.size() > 2) {
            out.add("gpus");
        }
        return out;
    }
}
