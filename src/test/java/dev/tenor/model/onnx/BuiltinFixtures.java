package dev.tenor.model.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import dev.tenor.model.BuiltinModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Loads each built-in model once per test JVM (reading 90-133 MB graphs takes about a second each, an ONNX
 * Runtime session a few more) and shares it between test classes.
 */
final class BuiltinFixtures {

    /** One progress call seen while reading. */
    record ProgressEvent(long done, long total, String message) {
    }

    private static final Map<BuiltinModel, OnnxBertWeights> WEIGHTS = new EnumMap<>(BuiltinModel.class);
    private static final Map<BuiltinModel, List<ProgressEvent>> PROGRESS = new EnumMap<>(BuiltinModel.class);
    private static final Map<BuiltinModel, Long> READ_MILLIS = new EnumMap<>(BuiltinModel.class);
    private static final Map<BuiltinModel, OnnxReference> REFERENCES = new EnumMap<>(BuiltinModel.class);
    private static final Map<BuiltinModel, HuggingFaceTokenizer> TOKENIZERS = new EnumMap<>(BuiltinModel.class);

    private BuiltinFixtures() {
    }

    static synchronized OnnxBertWeights weights(BuiltinModel model) {
        OnnxBertWeights weights = WEIGHTS.get(model);
        if (weights == null) {
            List<ProgressEvent> events = new ArrayList<>();
            long start = System.nanoTime();
            weights = OnnxBertReader.read(model, (done, total, message) ->
                    events.add(new ProgressEvent(done, total, message)));
            READ_MILLIS.put(model, (System.nanoTime() - start) / 1_000_000);
            WEIGHTS.put(model, weights);
            PROGRESS.put(model, Collections.unmodifiableList(events));
        }
        return weights;
    }

    static synchronized List<ProgressEvent> progress(BuiltinModel model) {
        weights(model);
        return PROGRESS.get(model);
    }

    static synchronized long readMillis(BuiltinModel model) {
        weights(model);
        return READ_MILLIS.get(model);
    }

    static synchronized OnnxReference reference(BuiltinModel model) throws OrtException {
        OnnxReference reference = REFERENCES.get(model);
        if (reference == null) {
            reference = OnnxReference.of(model);
            REFERENCES.put(model, reference);
        }
        return reference;
    }

    static synchronized HuggingFaceTokenizer tokenizer(BuiltinModel model) {
        return TOKENIZERS.computeIfAbsent(model, OnnxReference::tokenizer);
    }
}
