package dev.tenor.ui;

import java.net.URL;
import java.util.Locale;
import javafx.scene.Scene;

/** Light and dark: each a palette stylesheet over the one base stylesheet {@code assets/tenor.css}. */
public enum Theme {
    LIGHT("theme-light.css"),
    DARK("theme-dark.css");

    public static final String BASE = "tenor.css";

    private final String file;

    Theme(String file) {
        this.file = file;
    }

    /** The theme's stylesheet URL on the class path. */
    public String stylesheet() {
        return resource(file);
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** Puts the base stylesheet and this theme's palette on {@code scene}, replacing another theme's. */
    public void applyTo(Scene scene) {
        String base = resource(BASE);
        scene.getStylesheets().removeIf(s -> s.endsWith(LIGHT.file) || s.endsWith(DARK.file));
        if (!scene.getStylesheets().contains(base)) {
            scene.getStylesheets().add(0, base);
        }
        scene.getStylesheets().add(stylesheet());
    }

    /** A theme by name, {@code fallback} for anything else. */
    public static Theme parse(String name, Theme fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    static String resource(String name) {
        URL url = Theme.class.getResource("/assets/" + name);
        if (url == null) {
            throw new IllegalStateException("assets/" + name + " is not on the class path");
        }
        return url.toExternalForm();
    }
}
