package dev.tenor.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code args.json}: a run's exact configuration and command line, readable by people and by {@code --resume}. */
public final class TrainConfigFile {

    public static final String NAME = "args.json";

    private TrainConfigFile() {
    }

    public static void write(Path runFolder, TrainConfig c, List<String> commandLine) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", c.base());
        m.put("triplets", c.triplets().toString());
        m.put("dev", c.dev() == null ? null : c.dev().toString());
        m.put("out", c.out().toString());
        m.put("epochs", c.epochs());
        m.put("max_steps", c.maxSteps());
        m.put("batch_size", c.batchSize());
        m.put("max_seq_length", c.maxSeqLength());
        m.put("lr", c.lr());
        m.put("warmup", c.warmup());
        m.put("weight_decay", c.weightDecay());
        m.put("max_grad_norm", c.maxGradNorm());
        m.put("margin", c.margin());
        m.put("distance", c.distance().name().toLowerCase(Locale.ROOT));
        m.put("seed", c.seed());
        m.put("checkpoint_every", c.checkpointEvery());
        m.put("keep", c.keep());
        m.put("device", c.device());
        m.put("select", c.select().name().toLowerCase(Locale.ROOT));
        m.put("validate_every", c.validateEvery());
        m.put("dropout", c.dropout());
        m.put("command_line", commandLine);
        Json.write(runFolder.resolve(NAME), m);
    }

    public static TrainConfig read(Path runFolder) {
        Path file = runFolder.resolve(NAME);
        JsonNode n = Json.read(file);
        try {
            return new TrainConfig(
                    n.path("base").asText(),
                    Path.of(n.path("triplets").asText()),
                    n.hasNonNull("dev") ? Path.of(n.get("dev").asText()) : null,
                    Path.of(n.path("out").asText(runFolder.toString())),
                    n.path("epochs").asInt(4),
                    n.path("max_steps").asInt(0),
                    n.path("batch_size").asInt(32),
                    n.path("max_seq_length").asInt(128),
                    n.path("lr").asDouble(2e-5),
                    n.path("warmup").asDouble(0.1),
                    n.path("weight_decay").asDouble(0.01),
                    n.path("max_grad_norm").asDouble(1.0),
                    (float) n.path("margin").asDouble(0.5),
                    Distance.valueOf(n.path("distance").asText("euclidean").toUpperCase(Locale.ROOT)),
                    n.path("seed").asLong(42),
                    n.path("checkpoint_every").asInt(500),
                    n.path("keep").asInt(3),
                    n.path("device").asText("cpu"),
                    TrainConfig.Selection.valueOf(n.path("select").asText("best").toUpperCase(Locale.ROOT)),
                    n.path("validate_every").asInt(0),
                    (float) n.path("dropout").asDouble(0.1));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(file, "invalid training arguments: " + e.getMessage(), e);
        }
    }
}
