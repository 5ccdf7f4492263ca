package dev.tenor.cli;

import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import picocli.CommandLine.Option;

/** The shared {@code --model} option: a built-in name, a store name or a model folder path. */
public final class ModelOption {

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = "all-MiniLM-L6-v2",
            description = "Built-in model (all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2), a model in "
                    + "the store (runs/NAME, owner/name) or a model folder. Default: ${DEFAULT-VALUE}.")
    String model = BuiltinModel.DEFAULT.modelName();

    /** Resolves the model, importing a built-in one on first use with a progress bar. */
    ModelFolder resolve() {
        try (ProgressBar bar = new ProgressBar()) {
            return ModelStore.current().resolve(model, bar);
        }
    }
}
