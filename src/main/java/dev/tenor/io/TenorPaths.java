package dev.tenor.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Tenor keeps models, datasets, runs and settings.
 *
 * <p>Order: the {@code tenor.home} system property, then the {@code TENOR_HOME} variable (the launcher
 * of a checkout sets it to the checkout, so {@code models/} and {@code data/} there are the stores),
 * then the platform's per-user data folder (XDG on Linux), because an installation folder may be
 * read-only.
 */
public record TenorPaths(Path home) {

    public TenorPaths {
        home = home.toAbsolutePath().normalize();
    }

    /** The paths in force for this process. */
    public static TenorPaths current() {
        String prop = System.getProperty("tenor.home");
        if (prop != null && !prop.isBlank()) {
            return new TenorPaths(Path.of(prop));
        }
        String env = System.getenv("TENOR_HOME");
        if (env != null && !env.isBlank()) {
            return new TenorPaths(Path.of(env));
        }
        return new TenorPaths(userDataFolder());
    }

    /** The platform's per-user data folder for Tenor. */
    public static Path userDataFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        Path userHome = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("LOCALAPPDATA");
            return (appData != null ? Path.of(appData) : userHome.resolve("AppData/Local")).resolve("Tenor");
        }
        if (os.contains("mac")) {
            return userHome.resolve("Library/Application Support/Tenor");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local/share")).resolve("tenor");
    }

    public Path models() {
        return home.resolve("models");
    }

    public Path runs() {
        return models().resolve("runs");
    }

    public Path data() {
        return home.resolve("data");
    }

    public Path cache() {
        return data().resolve("cache");
    }

    public Path settingsFile() {
        return home.resolve("settings.json");
    }

    /**
     * The shared real data folder for tests and demos ({@code ../shared/data} beside a checkout), or
     * the {@code tenor.shared.data} property when set. May not exist (an installed app).
     */
    public Path sharedData() {
        String prop = System.getProperty("tenor.shared.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path beside = home.resolveSibling("shared").resolve("data");
        return Files.isDirectory(beside) ? beside : home.getParent().resolve("shared/data");
    }
}
