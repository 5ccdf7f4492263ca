package dev.tenor.eval.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.eval.EmbeddingCache;
import dev.tenor.eval.Neighbours;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PNG picture (frame, colours, filter, side by side), the shared colours, and cancelling UMAP. */
class MapImageTest {

    static EmbeddingMap map(String model, float[][] points, List<String> labels) {
        int n = points.length;
        int[][] ids = new int[n][0];
        float[][] sims = new float[n][0];
        List<String> texts = labels.stream().map(l -> "a " + l + " sentence").toList();
        return new EmbeddingMap(model, "hash", MapOptions.DEFAULT.withMethod(MapMethod.PCA), texts, labels, points,
                new Neighbours(ids, sims), List.of(), List.of(), EmbeddingCache.Outcome.MISS, 0.1);
    }

    @Test
    void theFrameKeepsProportionsAndTheMargin() {
        float[][] points = {{0, 0}, {10, 0}, {10, 5}};
        MapFrame f = MapFrame.fit(points, 224, 224);
        assertEquals(20, f.scale(), 1e-9, "200 free pixels over a width of 10");
        assertEquals(12, f.px(0), 1e-9);
        assertEquals(212, f.px(10), 1e-9);
        assertEquals(112 + 50, f.py(0), 1e-9, "y grows upwards, the box centred vertically");
        assertEquals(112 - 50, f.py(5), 1e-9);
        assertEquals(2, f.nearest(points, null, 211, 63, 3));
        assertEquals(-1, f.nearest(points, new boolean[] {true, true, false}, 211, 63, 3));
    }

    @Test
    void pointsAreDrawnInTheirLabelsColourSideBySideAndFiltered() {
        float[][] a = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
        float[][] b = {{0, 0}, {2, 2}, {0, 2}, {2, 0}};
        List<String> labels = List.of("B", "A", "C", "A");
        EmbeddingMap first = map("base", a, labels);
        EmbeddingMap second = map("trained", b, labels);
        MapColors colors = MapColors.of(List.of(first, second));
        assertEquals(List.of("A", "B", "C"), List.copyOf(colors.all().keySet()));
        assertEquals(0x1f77b4, colors.rgb("A"));
        assertEquals(0xff7f0e, colors.rgb("B"));

        BufferedImage image = MapImage.draw(List.of(first, second), colors, null, 200, 150);
        assertEquals(400, image.getWidth());
        assertEquals(150 + MapImage.TITLE_HEIGHT, image.getHeight());
        for (int m = 0; m < 2; m++) {
            EmbeddingMap map = m == 0 ? first : second;
            MapFrame f = MapFrame.fit(map.points(), 200, 150);
            for (int i = 0; i < 4; i++) {
                int x = (int) Math.floor(m * 200 + f.px(map.points()[i][0]));
                int y = (int) Math.floor(MapImage.TITLE_HEIGHT + f.py(map.points()[i][1]));
                assertEquals(colors.rgb(labels.get(i)), image.getRGB(x, y) & 0xffffff, "map " + m + " point " + i);
            }
        }
        BufferedImage onlyA = MapImage.draw(List.of(first), colors, Set.of("A"), 200, 150);
        MapFrame f = MapFrame.fit(a, 200, 150);
        assertEquals(0xffffff, onlyA.getRGB((int) f.px(0), MapImage.TITLE_HEIGHT + (int) f.py(0)) & 0xffffff,
                "B is filtered out");
        assertEquals(colors.rgb("A"), onlyA.getRGB((int) Math.floor(f.px(1)),
                MapImage.TITLE_HEIGHT + (int) Math.floor(f.py(0))) & 0xffffff);
        byte[] png = MapImage.png(onlyA);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void labelsBeyondThePaletteGetDistinctColours() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            many.add(String.format("L%03d", i));
        }
        MapColors c = MapColors.ofLabels(many);
        assertEquals(120, c.all().size());
        assertTrue(new java.util.HashSet<>(c.all().values()).size() >= 115, "nearly all distinct");
    }

    @Test
    void cancellingStopsUmapsChildProcess() throws Exception {
        Random r = new Random(1);
        float[][] rows = new float[3000][30];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        CancellationToken cancel = new CancellationToken();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            cancel.cancel();
        });
        stopper.start();
        long before = ProcessHandle.current().children().count();
        assertThrows(CancelledException.class, () -> SmileProjector.project(rows, MapMethod.UMAP, 1, cancel));
        stopper.join();
        assertEquals(before, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "no UMAP child left running");
    }
}
