package dev.tenor.ui;

import dev.tenor.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/** PNG export: the snapshot is taken on the FX thread, the file written on a worker thread. */
public final class Snapshots {

    private Snapshots() {
    }

    /** Takes a snapshot of {@code node} (FX thread). */
    public static WritableImage snapshot(Node node, Color background) {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(background);
        return node.snapshot(params, null);
    }

    /** The colour behind {@code node}: the first solid background fill of it or its parents, else white. */
    public static Color backgroundOf(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof javafx.scene.layout.Region r && r.getBackground() != null) {
                for (var fill : r.getBackground().getFills()) {
                    if (fill.getFill() instanceof Color c && c.getOpacity() > 0.99) {
                        return c;
                    }
                }
            }
        }
        return Color.WHITE;
    }

    /** Images side by side on {@code background}, top-aligned, {@code gap} pixels apart. */
    public static WritableImage sideBySide(List<? extends Image> images, int gap, Color background) {
        int width = 0;
        int height = 0;
        for (Image i : images) {
            width += (int) i.getWidth();
            height = Math.max(height, (int) i.getHeight());
        }
        width += gap * Math.max(0, images.size() - 1);
        WritableImage out = new WritableImage(Math.max(1, width), Math.max(1, height));
        var w = out.getPixelWriter();
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                w.setColor(x, y, background);
            }
        }
        int x0 = 0;
        for (Image i : images) {
            PixelReader r = i.getPixelReader();
            w.setPixels(x0, 0, (int) i.getWidth(), (int) i.getHeight(), r, 0, 0);
            x0 += (int) i.getWidth() + gap;
        }
        return out;
    }

    /** Writes {@code image} as a PNG at {@code file} on {@code background}'s work pool; {@code done} gets a message. */
    public static void writePng(Image image, Path file, Background background, WorkbenchLog log,
                                Consumer<String> done) {
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        background.run(() -> {
            String message;
            try {
                writePng(buffered, file);
                message = "Saved " + file;
            } catch (IOException e) {
                message = "Cannot save " + file + ": " + e.getMessage();
            }
            log.info(message);
            String m = message;
            javafx.application.Platform.runLater(() -> done.accept(m));
        });
    }

    /** Writes a PNG atomically (worker thread). */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }

    /** Asks where to save; null when the user cancels. */
    public static Path chooseFile(Window owner, String title, String initialName, String description,
                                  String extension, Path initialFolder) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(initialName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        if (initialFolder != null && initialFolder.toFile().isDirectory()) {
            chooser.setInitialDirectory(initialFolder.toFile());
        }
        File f = chooser.showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }
}
