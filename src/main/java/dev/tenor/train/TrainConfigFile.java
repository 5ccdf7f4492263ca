package dev.tenor.train;

import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code args.json}: a run's exact configuration and command line, readable by people and by {@code --resume}. */
public final class TrainConfigFile {

    public static final String NAME = "args.json";

    private TrainConfigFile() {
    }

    public static void write(Path runFolder, TrainConfig c, List<String> commandLine) throws IOException {
        Map<String, Object> m = TrainOptions.json(c);
        m.put("command_line", commandLine);
        Json.write(runFolder.resolve(NAME), m);
    }

    public static TrainConfig read(Path runFolder) {
        Path file = runFolder.resolve(NAME);
        return TrainOptions.fromJson(Json.read(file), file);
    }
}
