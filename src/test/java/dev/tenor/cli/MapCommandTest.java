package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.tenor.io.Json;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenor map} end to end with two tiny random models on a small dataset. */
class MapCommandTest {

    @TempDir
    static Path shared;

    static Path tinyA;
    static Path tinyB;

    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeAll
    static void models() throws IOException {
        tinyA = shared.resolve("base");
        tinyB = shared.resolve("trained");
        TinyModels.write(tinyA, new SentenceSettings(128, Pooling.MEAN, true, ""), 11);
        TinyModels.write(tinyB, new SentenceSettings(128, Pooling.MEAN, true, ""), 12);
    }

    @BeforeEach
    void home() {
        System.setProperty("tenor.home", dir.resolve("home").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("tenor.home");
    }

    private int run(String... args) {
        CommandRun r = CommandRun.picocli(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private static List<List<String>> csv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    @Test
    void mapsTwoModelsSideBySideWritesOneCsvRowPerQueryAndReadsTheCacheTheSecondTime() throws IOException {
        Path data = EvaluateCommandTest.dataset(dir.resolve("intents")); // 12 training, 5 test sentences
        Path maps = dir.resolve("maps");

        assertEquals(0, run("map", "--model", tinyA.toString(), "--model", tinyB.toString(), "--dataset",
                data.toString(), "--method", "pca", "--width", "300", "--height", "200", "--out", maps.toString()), err);

        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("base: 5 points, PCA in "), lines[0]);
        assertTrue(lines[1].startsWith("trained: 5 points, PCA in "), lines[1]);
        assertEquals("wrote " + maps.resolve("map.png") + ", " + maps.resolve("points-1.csv") + ", "
                + maps.resolve("points-2.csv") + ", " + maps.resolve("map.json"), lines[2]);

        List<List<String>> rows = csv(maps.resolve("points-1.csv"));
        assertEquals(List.of("index", "text", "label", "x", "y", "nearest_train_text", "nearest_train_label",
                "nearest_similarity"), rows.get(0));
        assertEquals(1 + 5, rows.size(), "one row per test sentence");
        assertEquals(List.of("0", "set my alarm for 5", "ALARM"), rows.get(1).subList(0, 3));
        assertEquals(List.of("4", "play some jazz", "PLAY_MUSIC"), rows.get(5).subList(0, 3));
        assertEquals(6, csv(maps.resolve("points-2.csv")).size());

        BufferedImage png = ImageIO.read(maps.resolve("map.png").toFile());
        assertEquals(600, png.getWidth(), "two panels of 300");
        assertEquals(200 + 24, png.getHeight(), "the panel and its title strip");

        JsonNode json = Json.read(maps.resolve("map.json"));
        assertEquals("pca", json.at("/projection/method").asText());
        assertEquals("test", json.at("/projection/split").asText());
        assertEquals(5, json.at("/models/0/points").asInt());
        assertEquals("miss", json.at("/models/0/map_cache").asText());
        assertEquals("trained", json.at("/models/1/name").asText());

        assertEquals(0, run("map", "-m", tinyA.toString(), "-d", data.toString(), "--method", "pca", "--out",
                maps.toString()), err);
        assertTrue(out.startsWith("base: 5 points, map read from the cache\n"), out);
        assertEquals(rows, csv(maps.resolve("points-1.csv")), "the cached map is the same map");
    }

    @Test
    void umapOfTheTrainingSplitListsNeighboursOtherThanTheSentenceItself() throws IOException {
        Path data = EvaluateCommandTest.dataset(dir.resolve("intents"));
        Path maps = dir.resolve("maps");
        assertEquals(0, run("map", "-m", tinyA.toString(), "-d", data.toString(), "--split", "train", "--seed", "3",
                "--no-cache", "--out", maps.toString()), err);
        List<List<String>> rows = csv(maps.resolve("points-1.csv"));
        assertEquals(1 + 12, rows.size());
        for (List<String> row : rows.subList(1, rows.size())) {
            assertTrue(!row.get(1).equals(row.get(5)), "a sentence is not its own nearest training sentence: " + row);
            Float.parseFloat(row.get(3));
            Float.parseFloat(row.get(4));
        }
        Path again = dir.resolve("again");
        assertEquals(0, run("map", "-m", tinyA.toString(), "-d", data.toString(), "--split", "train", "--seed", "3",
                "--no-cache", "--out", again.toString()), err);
        assertEquals(rows, csv(again.resolve("points-1.csv")), "the same seed gives the same map");
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        Path data = EvaluateCommandTest.dataset(dir.resolve("intents"));
        assertEquals(2, run("map", "-d", data.toString(), "--out", dir.toString(), "--method", "tsne"));
        assertTrue(err.contains("Invalid value for option '--method'"), err);
        assertEquals(2, run("map", "-d", data.toString(), "--out", dir.toString(), "--width", "10"));
        assertTrue(err.contains("--width and --height must be between 100 and 8000 pixels"), err);
        assertEquals(1, run("map", "-m", tinyA.toString(), "-d", dir.resolve("missing").toString(), "--out",
                dir.toString()));
        assertTrue(err.startsWith("tenor: "), err);
    }
}
