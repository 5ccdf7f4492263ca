package dev.tenor.ui;

import javafx.scene.Node;

/** One job's tab: its view and what the window-wide shortcuts do in it. */
public interface WorkbenchTab {

    /** The tab's title. */
    String title();

    /** The tab's content. */
    Node view();

    /** Ctrl+Enter: the tab's main action (build, start, evaluate, recompute). */
    default void run() {
    }

    /** Esc: cancel what the tab is doing. */
    default void cancel() {
    }

    /** Ctrl+E: export the tab's result. */
    default void export() {
    }

    /** Called when the tab is selected. */
    default void shown() {
    }

    /** Called once when the window closes: stop the tab's work and release what it holds. */
    default void close() {
        cancel();
    }
}
