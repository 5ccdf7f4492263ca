package dev.tenor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.Json;
import dev.tenor.model.TokenizedText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The plain PyTorch peer ({@code bench/peer/torch_bert_peer.py}) run as a child process on token ids
 * that Tenor's tokenizer produced. Needs a Python 3 with torch and numpy (Debian: {@code
 * bench/peer/install.sh}); {@link #find()} is empty without one, and benchmarks then skip the peer.
 */
public final class TorchPeer {

    /** What to tell the user when no Python with torch is found. */
    public static final String MISSING = "plain PyTorch peer skipped: no python3 with torch and numpy found "
            + "(install with `sudo bench/peer/install.sh`, i.e. apt-get install python3-torch python3-numpy "
            + "libopenblas0-openmp; or point -Dtenor.peer.python=/path/to/python3 at one)";

    /** The peer script, relative to the project root (Maven's working directory). */
    public static final Path SCRIPT = Path.of("bench/peer/torch_bert_peer.py");

    private final String python;

    private TorchPeer(String python) {
        this.python = python;
    }

    public String python() {
        return python;
    }

    /**
     * A Python that imports torch and numpy: {@code -Dtenor.peer.python}, {@code $TENOR_PEER_PYTHON},
     * {@code python3} on the PATH, then Debian's {@code /usr/bin/python3} (a pyenv or venv python3 on the
     * PATH does not see Debian's python3-torch).
     */
    public static Optional<TorchPeer> find() {
        if (!Files.isRegularFile(SCRIPT)) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        String prop = System.getProperty("tenor.peer.python");
        if (prop != null && !prop.isBlank()) {
            candidates.add(prop);
        }
        String env = System.getenv("TENOR_PEER_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import torch, numpy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(new TorchPeer(c));
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not there: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the peer with {@code args} (mode first) and returns the JSON object it prints last. Its output
     * goes to {@code log}; a failure throws with the log's tail.
     */
    public JsonNode run(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, SCRIPT.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // One OpenMP pool of 2 threads, as torch.set_num_threads(2) asks; no BLAS pool of its own on top.
        pb.environment().put("OMP_NUM_THREADS", "2");
        pb.environment().put("OPENBLAS_NUM_THREADS", "2");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("the PyTorch peer took over an hour; log: " + log);
        }
        List<String> lines = Files.readAllLines(log);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (p.exitValue() != 0 || !last.startsWith("{")) {
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            throw new IOException("the PyTorch peer failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
                    + "\n" + tail);
        }
        return Json.MAPPER.readTree(last);
    }

    /** Writes token-id lists as the peer's {@code encode --ids} input. */
    public static void writeIds(Path file, List<TokenizedText> texts) throws IOException {
        ArrayNode all = Json.MAPPER.createArrayNode();
        for (TokenizedText t : texts) {
            all.add(ids(t));
        }
        Files.write(file, Json.MAPPER.writeValueAsBytes(all));
    }

    /** One training batch as token ids per side. */
    public record Batch(List<TokenizedText> anchor, List<TokenizedText> positive, List<TokenizedText> negative) {
    }

    /** Writes triplet batches as the peer's {@code train --batches} input. */
    public static void writeBatches(Path file, List<Batch> batches) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("batches");
        for (Batch b : batches) {
            ObjectNode o = arr.addObject();
            o.set("anchor", side(b.anchor()));
            o.set("positive", side(b.positive()));
            o.set("negative", side(b.negative()));
        }
        Files.write(file, Json.MAPPER.writeValueAsBytes(root));
    }

    private static ArrayNode side(List<TokenizedText> texts) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        texts.forEach(t -> a.add(ids(t)));
        return a;
    }

    private static ArrayNode ids(TokenizedText t) {
        for (long type : t.typeIds()) {
            if (type != 0) {
                throw new IllegalArgumentException("the peer takes single-segment inputs (token type 0)");
            }
        }
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (long id : t.ids()) {
            a.add(id);
        }
        return a;
    }

    /** Reads the embeddings the peer wrote ({@code encode --out}): float32 little-endian, rows in input order. */
    public static float[][] readEmbeddings(Path file, int rows) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int total = buf.remaining() / Float.BYTES;
        if (rows == 0 || total % rows != 0) {
            throw new IOException(file + ": " + total + " floats do not make " + rows + " rows");
        }
        int dim = total / rows;
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            buf.asFloatBuffer().get(row);
            buf.position(buf.position() + dim * Float.BYTES);
        }
        return out;
    }
}
