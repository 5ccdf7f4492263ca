package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.TestEnvironment;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BertConfig;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tenor attention shift} and {@code tenor attention --importance}, their numbers recomputed here by
 * plain code from the raw attention JSON of {@code tenor attention}: entity tokens found by spelling the
 * FewRel words out of the word pieces, special tokens dropped and rows renormalised, heads and query rows
 * averaged, entity columns summed; the rollout by its textbook recurrence.
 */
class AttentionShiftCommandTest {

    private static final Path VAL_WIKI = Path.of("../shared/data/fewrel/val_wiki.json");
    private static final Set<String> SPECIAL = Set.of("[CLS]", "[SEP]");

    @TempDir
    static Path home;

    static ModelFolder base;
    static ModelFolder other;

    @BeforeAll
    static void models() throws IOException {
        System.setProperty("tenor.home", home.toString());
        base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        // Same tokenizer as the base, other (random) weights: a second model whose attention differs.
        // Six layers of twelve heads as the base, so the two compare layer by layer.
        other = TinyModels.write(home.resolve("tiny"), new BertConfig(30522, 48, 6, 12, 96, 512, 2, 1e-12, "gelu"),
                new SentenceSettings(128, Pooling.MEAN, true, ""), 7);
    }

    @AfterAll
    static void reset() {
        System.clearProperty("tenor.home");
    }

    @Test
    void entitySharesMatchAPlainRecomputationFromTheRawAttention() throws IOException {
        TestEnvironment.needData(VAL_WIKI);
        Path out = home.resolve("shift.json");
        CommandRun r = CommandRun.run("attention", "shift", "--model", base.dir().toString(), "--model",
                other.dir().toString(), "--fewrel", VAL_WIKI.toString(), "--limit", "8", "--per-sentence",
                "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("8 sentences (0 left out: truncation cut an entity)"), r.err());
        JsonNode j = Json.read(out);
        assertEquals(8, j.get("sentences").asInt());
        JsonNode rows = j.get("rows");
        assertEquals(7, rows.size(), "six layers and the rollout");
        assertEquals("layer 1", rows.get(0).get("view").asText());
        assertEquals("rollout", rows.get(6).get("view").asText());

        int checked = 0;
        List<double[][]> recomputed = new ArrayList<>();
        for (JsonNode s : j.get("per_sentence")) {
            List<String> words = strings(s.get("words"));
            List<String> tokens = strings(s.get("tokens"));
            if (tokens.contains("[UNK]")) {
                recomputed.add(null);
                continue;
            }
            int[] wordOf = spell(words, tokens);
            List<Integer> entity = new ArrayList<>();
            for (int t = 0; t < tokens.size(); t++) {
                int w = wordOf[t];
                if (w >= 0 && (inSpan(w, s.get("head")) || inSpan(w, s.get("tail")))) {
                    entity.add(t);
                }
            }
            assertArrayEquals(entity.stream().mapToInt(Integer::intValue).toArray(), ints(s.get("entity_tokens")),
                    String.join(" ", words));
            double[][] mine = new double[2][];
            List<double[]> layerSix = new ArrayList<>();
            int m = 0;
            for (ModelFolder model : List.of(base, other)) {
                CommandRun a = CommandRun.run("attention", "--model", model.dir().toString(), String.join(" ", words));
                assertEquals(0, a.code(), a.err());
                JsonNode raw = Json.MAPPER.readTree(a.out());
                assertEquals(tokens, strings(raw.get("tokens")));
                mine[m] = entityShares(raw.get("attention"), tokens, entity);
                double[] six = new double[tokens.size()];
                for (int t : words(tokens)) {
                    six[t] = received(raw.get("attention").get(5), tokens, t);
                }
                layerSix.add(six);
                for (int v = 0; v < 7; v++) {
                    assertEquals(mine[m][v], s.get("entity").get(m).get(v).asDouble(), 1e-5,
                            "model " + m + " view " + v + " of " + String.join(" ", words));
                }
                m++;
            }
            // base_top, layer 6: the base's as many most-attended words as there are entity tokens.
            List<Integer> byBase = new ArrayList<>(words(tokens));
            byBase.sort((x, y) -> Double.compare(layerSix.get(0)[y], layerSix.get(0)[x]));
            for (int k = 0; k < 2; k++) {
                double top = 0;
                for (int t : byBase.subList(0, entity.size())) {
                    top += layerSix.get(k)[t];
                }
                assertEquals(top, s.get("base_top").get(k).get(5).asDouble(), 1e-5, "base_top of model " + k);
            }
            recomputed.add(mine);
            checked++;
        }
        assertTrue(checked >= 3, "at least three sentences recomputed, got " + checked);
        // The table's means and intervals over the sentences, from the per-sentence values.
        int n = j.get("per_sentence").size();
        for (int v = 0; v < 7; v++) {
            double[] diff = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                JsonNode e = j.get("per_sentence").get(i).get("entity");
                diff[i] = e.get(1).get(v).asDouble() - e.get(0).get(v).asDouble();
                sum += e.get(0).get(v).asDouble();
            }
            assertEquals(sum / n, rows.get(v).get("entity").get(0).get("mean").asDouble(), 1e-6);
            double mean = 0;
            for (double d : diff) {
                mean += d / n;
            }
            double var = 0;
            for (double d : diff) {
                var += (d - mean) * (d - mean) / (n - 1);
            }
            JsonNode d = rows.get(v).get("entity_difference").get(0);
            assertEquals(mean, d.get("mean").asDouble(), 1e-6);
            assertEquals(mean + 1.96 * Math.sqrt(var / n), d.get("high").asDouble(), 1e-6);
        }
    }

    @Test
    void importanceIsTheColumnMeanOfTheWordsAttention() throws IOException {
        CommandRun r = CommandRun.run("attention", "--importance", "--model", base.dir().toString(),
                "I forgot my pin and have locked my card");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        List<String> tokens = strings(j.get("tokens"));
        JsonNode imp = j.get("importance");
        assertEquals(List.of("i", "forgot", "my", "pin", "and", "have", "locked", "my", "card"), strings(imp.get("tokens")));
        assertEquals(6, imp.get("layers").size());
        assertEquals(6, imp.get("rollout").size());
        for (int l = 0; l < 6; l++) {
            double[] col = new double[9];
            for (int t = 0; t < 9; t++) {
                col[t] = received(j.get("attention").get(l), tokens, t + 1);
            }
            double sum = 0;
            for (int t = 0; t < 9; t++) {
                assertEquals(col[t], imp.get("layers").get(l).get(t).asDouble(), 1e-5, "layer " + l + " token " + t);
                sum += imp.get("layers").get(l).get(t).asDouble();
            }
            assertEquals(1.0, sum, 1e-4);
        }
        double[] rolled = rolloutReceived(j.get("attention"), tokens, 5);
        for (int t = 0; t < 9; t++) {
            assertEquals(rolled[t], imp.get("rollout").get(5).get(t).asDouble(), 1e-5, "rollout token " + t);
        }
        CommandRun none = CommandRun.run("attention");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("give a SENTENCE (or a subcommand: shift)"), none.err());
    }

    @Test
    void shiftNamesABadFileAndABadLimit() {
        Path missing = home.resolve("nope.json");
        CommandRun r = CommandRun.run("attention", "shift", "--fewrel", missing.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(missing + ": file not found"), r.err());
        CommandRun limit = CommandRun.run("attention", "shift", "--limit", "0");
        assertEquals(1, limit.code());
        assertTrue(limit.err().contains("--limit must be at least 1, got 0"), limit.err());
    }

    // ---- plain recomputation ----

    /** Per view (six layers, then the rollout through all of them): the entity tokens' share. */
    private static double[] entityShares(JsonNode attention, List<String> tokens, List<Integer> entity) {
        double[] out = new double[7];
        for (int l = 0; l < 6; l++) {
            for (int t : entity) {
                out[l] += received(attention.get(l), tokens, t);
            }
        }
        double[] rolled = rolloutReceived(attention, tokens, 5);
        List<Integer> words = words(tokens);
        for (int t : entity) {
            out[6] += rolled[words.indexOf(t)];
        }
        return out;
    }

    /** Mean over heads and word rows of the attention column {@code t}, rows renormalised over words. */
    private static double received(JsonNode layer, List<String> tokens, int t) {
        List<Integer> words = words(tokens);
        double total = 0;
        for (JsonNode head : layer) {
            for (int q : words) {
                double rowSum = 0;
                for (int k : words) {
                    rowSum += head.get(q).get(k).asDouble();
                }
                total += head.get(q).get(t).asDouble() / rowSum;
            }
        }
        return total / (layer.size() * words.size());
    }

    /** Rollout (head mean, 0.5 A + 0.5 I, rows renormalised, multiplied up) to {@code last}, restricted to words. */
    private static double[] rolloutReceived(JsonNode attention, List<String> tokens, int last) {
        int n = tokens.size();
        double[][] acc = null;
        for (int l = 0; l <= last; l++) {
            JsonNode layer = attention.get(l);
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    double mean = 0;
                    for (JsonNode head : layer) {
                        mean += head.get(i).get(k).asDouble() / layer.size();
                    }
                    a[i][k] = 0.5 * mean + (i == k ? 0.5 : 0);
                    sum += a[i][k];
                }
                for (int k = 0; k < n; k++) {
                    a[i][k] /= sum;
                }
            }
            if (acc == null) {
                acc = a;
            } else {
                double[][] next = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        for (int j = 0; j < n; j++) {
                            next[i][j] += a[i][k] * acc[k][j];
                        }
                    }
                }
                acc = next;
            }
        }
        List<Integer> words = words(tokens);
        double[] out = new double[words.size()];
        for (int q : words) {
            double rowSum = 0;
            for (int k : words) {
                rowSum += acc[q][k];
            }
            for (int c = 0; c < words.size(); c++) {
                out[c] += acc[q][words.get(c)] / rowSum / words.size();
            }
        }
        return out;
    }

    private static List<Integer> words(List<String> tokens) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!SPECIAL.contains(tokens.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** For each token the FewRel word it spells part of: the words' lower-cased, accent-free letters in order. */
    private static int[] spell(List<String> words, List<String> tokens) {
        int[] out = new int[tokens.size()];
        java.util.Arrays.fill(out, -1);
        int t = 0;
        for (int w = 0; w < words.size(); w++) {
            String target = Normalizer.normalize(words.get(w).toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "").replaceAll("\\s", "");
            StringBuilder spelled = new StringBuilder();
            while (spelled.length() < target.length()) {
                while (SPECIAL.contains(tokens.get(t))) {
                    t++;
                }
                spelled.append(tokens.get(t).replaceFirst("^##", ""));
                out[t++] = w;
            }
            assertEquals(target, spelled.toString(), "word " + w);
        }
        return out;
    }

    private static boolean inSpan(int w, JsonNode span) {
        return w >= span.get(0).asInt() && w < span.get(1).asInt();
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }
}
