package dev.tenor.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's current weights as a model folder: what a checkpoint or a trained model holds. The settings
 * are the source folder's (a trainer's shorter max_seq_length is a training choice, not the model's).
 */
public final class ModelSnapshot {

    private ModelSnapshot() {
    }

    /** The network's current weights plus the unused ones of its source file (such as the pooler). */
    public static Map<String, FloatTensor> weights(SentenceModel model) {
        try (NativeWork.Permit ignored = model.use()) {
            Map<String, FloatTensor> all = new LinkedHashMap<>(model.network().exportWeights());
            model.unusedWeights().forEach(all::putIfAbsent);
            return all;
        }
    }

    /** What a model folder of the current weights holds. */
    public static ModelFolder.Contents contents(SentenceModel model, Map<String, Object> provenance) {
        ModelFolder source = model.folder();
        return new ModelFolder.Contents(source.config(), source.settings(), weights(model), model.tokenizer().json(),
                source.rawConfig(), provenance);
    }

    /** Writes the current weights as a complete model folder at {@code dir}, atomically. */
    public static ModelFolder save(SentenceModel model, Path dir, Map<String, Object> provenance) throws IOException {
        return ModelFolder.write(dir, contents(model, provenance));
    }
}
