package dev.tenor.remote;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The hosts of {@code tenor remote add}, in {@code hosts.json} beside the data folder's settings, written atomically. */
public final class RemoteHosts {

    public static final String FILE = "hosts.json";

    private final Path file;

    public RemoteHosts(Path file) {
        this.file = file;
    }

    public static RemoteHosts current() {
        return new RemoteHosts(TenorPaths.current().settingsFile().resolveSibling(FILE));
    }

    public Path file() {
        return file;
    }

    public List<RemoteHost> list() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), new TypeReference<List<RemoteHost>>() { });
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read as a host list (" + e.getMessage() + ")", e);
        }
    }

    public Optional<RemoteHost> find(String name) {
        return list().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The host named {@code name}, or a message listing the known ones. */
    public RemoteHost get(String name) {
        return find(name).orElseThrow(() -> new BadInputException("no host named '" + name + "' (known: "
                + (list().isEmpty() ? "none; add one with `tenor remote add`" : String.join(", ",
                list().stream().map(RemoteHost::name).toList())) + ")"));
    }

    /** Adds or replaces the host of that name. */
    public void put(RemoteHost host) throws IOException {
        List<RemoteHost> hosts = new ArrayList<>(list());
        hosts.removeIf(h -> h.name().equals(host.name()));
        hosts.add(host);
        save(hosts);
    }

    /** Removes a host; false when there was none of that name. */
    public boolean remove(String name) throws IOException {
        List<RemoteHost> hosts = new ArrayList<>(list());
        boolean removed = hosts.removeIf(h -> h.name().equals(name));
        if (removed) {
            save(hosts);
        }
        return removed;
    }

    private void save(List<RemoteHost> hosts) throws IOException {
        AtomicFiles.writeString(file, Json.pretty(hosts) + "\n");
    }
}
