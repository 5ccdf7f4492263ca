package dev.tenor.ui.models;

import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import java.nio.file.Path;

/**
 * A model as the Models tab lists it: the store's entry and, when its folder could be read, its
 * architecture; {@code problem} says why a folder could not be read.
 */
public record ModelRow(String name, Path dir, ModelStore.Kind kind, boolean present, Info info, String problem) {

    /** Architecture and sentence-transformers settings of a readable model folder. */
    public record Info(int layers, int heads, int hidden, long parameters, String pooling, int maxSeqLength,
                       boolean normalize) {

        public static Info of(ModelFolder folder) {
            return new Info(folder.config().numLayers(), folder.config().numHeads(), folder.config().hiddenSize(),
                    folder.parameterCount(), folder.settings().pooling().name().toLowerCase(java.util.Locale.ROOT),
                    folder.settings().maxSeqLength(), folder.settings().normalize());
        }
    }

    /** Whether the model can be used now or after an automatic import. */
    public boolean usable() {
        return problem == null && (present || kind == ModelStore.Kind.BUILTIN);
    }

    public String status() {
        if (problem != null) {
            return "cannot be read";
        }
        if (!present) {
            return "built in, imported on first use";
        }
        return switch (kind) {
            case BUILTIN -> "built in";
            case HUB -> "from the Hub";
            case RUN -> "trained";
            case LOCAL -> "local folder";
        };
    }
}
