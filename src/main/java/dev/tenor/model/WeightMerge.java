package dev.tenor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Weight interpolation of a fine-tuned model with its base (WiSE-FT, Wortsman et al., "Robust fine-tuning
 * of zero-shot models", CVPR 2022): {@code θ = (1 − α)·θ_base + α·θ_tuned}, tensor by tensor. Both models
 * must share the architecture and the tokenizer; α = 0 is the base, α = 1 the tuned model.
 */
public final class WeightMerge {

    private final ModelFolder base;
    private final ModelFolder tuned;
    private final Map<String, FloatTensor> baseWeights;
    private final Map<String, FloatTensor> tunedWeights;

    private WeightMerge(ModelFolder base, ModelFolder tuned) {
        this.base = base;
        this.tuned = tuned;
        this.baseWeights = SafeTensors.read(base.weightsFile()).tensors();
        this.tunedWeights = SafeTensors.read(tuned.weightsFile()).tensors();
        check();
    }

    /** Reads both models' weights once, for any number of merges; refuses models that cannot be merged. */
    public static WeightMerge of(ModelFolder base, ModelFolder tuned) {
        return new WeightMerge(base, tuned);
    }

    /**
     * What is wrong with {@code alpha} as a merge weight, or null when it is one: the one check behind
     * {@code tenor merge --alpha}, the Models tab's merge dialog and {@link #weights}.
     */
    public static String alphaProblem(double alpha) {
        return alpha >= 0 && alpha <= 1 ? null : "alpha must be a number between 0 and 1, got " + alpha;
    }

    /** The merged weights at {@code alpha} in [0, 1]. */
    public Map<String, FloatTensor> weights(double alpha) {
        String problem = alphaProblem(alpha);
        if (problem != null) {
            throw new IllegalArgumentException("merge " + problem);
        }
        float a = (float) alpha;
        float b = 1f - a;
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        tunedWeights.forEach((name, t) -> {
            float[] x = baseWeights.get(name).data();
            float[] y = t.data();
            float[] z = new float[y.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = b * x[i] + a * y[i];
            }
            out.put(name, new FloatTensor(t.shape(), z));
        });
        return out;
    }

    /**
     * Writes the merged model folder at {@code out} (atomically), its provenance naming both sources and α.
     */
    public ModelFolder write(double alpha, Path out, Map<String, Object> extraProvenance) throws IOException {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "merged");
        provenance.put("merge_alpha", alpha);
        provenance.put("merge_base", base.dir().toString());
        provenance.put("merge_tuned", tuned.dir().toString());
        provenance.put("merge_method", "WiSE-FT: (1 - alpha) * base + alpha * tuned");
        provenance.putAll(extraProvenance);
        return ModelFolder.write(out, new ModelFolder.Contents(tuned.config(), tuned.settings(), weights(alpha),
                Files.readAllBytes(tuned.tokenizerFile()), tuned.rawConfig(), provenance));
    }

    private void check() {
        if (!base.config().equals(tuned.config())) {
            throw BadInputException.of(tuned.dir().resolve(ModelFolder.CONFIG), "differs from the base model's "
                    + base.dir().resolve(ModelFolder.CONFIG) + " (" + base.config() + " vs " + tuned.config()
                    + "): only models of the same architecture can be merged");
        }
        if (!baseWeights.keySet().equals(tunedWeights.keySet())) {
            TreeSet<String> onlyBase = new TreeSet<>(baseWeights.keySet());
            onlyBase.removeAll(tunedWeights.keySet());
            TreeSet<String> onlyTuned = new TreeSet<>(tunedWeights.keySet());
            onlyTuned.removeAll(baseWeights.keySet());
            throw BadInputException.of(tuned.weightsFile(), "holds other tensors than " + base.weightsFile()
                    + " (only in the base: " + first(onlyBase) + "; only in the tuned model: " + first(onlyTuned) + ")");
        }
        tunedWeights.forEach((name, t) -> {
            long[] s = baseWeights.get(name).shape();
            if (!Arrays.equals(s, t.shape())) {
                throw BadInputException.of(tuned.weightsFile(), "tensor " + name + " has shape "
                        + Arrays.toString(t.shape()) + " but " + Arrays.toString(s) + " in " + base.weightsFile());
            }
        });
        if (!tokenizer(base).equals(tokenizer(tuned))) {
            throw BadInputException.of(tuned.tokenizerFile(), "differs from the base model's "
                    + base.tokenizerFile() + ": only models with the same tokenizer can be merged");
        }
    }

    /** A tokenizer.json without its truncation and padding, which model folders set from their own settings. */
    private static JsonNode tokenizer(ModelFolder m) {
        JsonNode n = Json.read(m.tokenizerFile());
        if (n instanceof ObjectNode o) {
            o.remove("truncation");
            o.remove("padding");
        }
        return n;
    }

    private static String first(TreeSet<String> names) {
        return names.isEmpty() ? "none" : names.size() > 3 ? String.join(", ", names.headSet(
                names.stream().skip(3).findFirst().orElseThrow())) + ", ..." : String.join(", ", names);
    }
}
