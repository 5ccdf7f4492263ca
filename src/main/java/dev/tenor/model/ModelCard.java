package dev.tenor.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tenor.io.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code README.md} every model folder Tenor writes carries: a model card in the layout
 * sentence-transformers writes (YAML front matter, usage, training, provenance), filled from what Tenor
 * knows of the model: its architecture, and the provenance (source, base model, triplets, step, arguments,
 * merge) that {@link ModelFolder#PROVENANCE} holds as JSON.
 */
public final class ModelCard {

    public static final String FILE = "README.md";

    private ModelCard() {
    }

    /** The card's Markdown text. */
    public static String markdown(String name, BertConfig config, SentenceSettings settings,
                                  Map<String, Object> provenance) {
        Map<String, Object> p = provenance == null ? Map.of() : provenance;
        Object base = p.containsKey("merge_base") ? p.get("merge_base") : p.get("base");
        StringBuilder sb = new StringBuilder();
        sb.append("---\n");
        sb.append("library_name: sentence-transformers\n");
        sb.append("pipeline_tag: sentence-similarity\n");
        sb.append("tags:\n- sentence-transformers\n- feature-extraction\n- sentence-similarity\n- tenor\n");
        if (base != null) {
            sb.append("base_model: ").append(yaml(baseName(base.toString()))).append('\n');
        }
        sb.append("---\n\n");
        sb.append("# ").append(name).append("\n\n");
        sb.append(String.format(Locale.ROOT, "A [sentence-transformers](https://www.sbert.net) model written by Tenor: "
                + "it maps sentences to a %d-dimensional dense vector space (%s pooling%s) for intent retrieval, "
                + "clustering and semantic search. BERT, %d layers, %d heads, at most %d tokens.%n%n",
                config.hiddenSize(), settings.pooling().name().toLowerCase(Locale.ROOT),
                settings.normalize() ? ", normalised" : "", config.numLayers(), config.numHeads(),
                settings.maxSeqLength()));
        sb.append("## Usage (Sentence-Transformers)\n\n```python\nfrom sentence_transformers import SentenceTransformer\n"
                + "model = SentenceTransformer(\"path/to/this/folder\")\n"
                + "embeddings = model.encode([\"I forgot my pin\", \"my card is locked\"])\n```\n\n");
        sb.append("## Usage (Tenor)\n\n```bash\ntenor embed --model path/to/this/folder --input sentences.txt "
                + "--output -\ntenor evaluate --model path/to/this/folder\n```\n\n");
        sb.append("## Training\n\n");
        String source = String.valueOf(p.getOrDefault("source", "unknown"));
        switch (source) {
            case "trained" -> {
                sb.append("Fine-tuned by `tenor train`");
                line(sb, "Base model", p.get("base"));
                line(sb, "Triplets", p.get("triplets"));
                line(sb, "Step", p.get("step"));
                line(sb, "Seed", p.get("seed"));
                if (p.get("arguments") instanceof List<?> args && !args.isEmpty()) {
                    sb.append("\nArguments:\n\n```\ntenor train");
                    for (Object a : args) {
                        sb.append(' ').append(a);
                    }
                    sb.append("\n```\n");
                }
            }
            case "merged" -> {
                sb.append("Interpolated with its base by Tenor (WiSE-FT, Wortsman et al., CVPR 2022): ")
                        .append("(1 - alpha) * base + alpha * tuned, tensor by tensor");
                line(sb, "alpha", p.get("merge_alpha"));
                line(sb, "Base model", p.get("merge_base"));
                line(sb, "Tuned model", p.get("merge_tuned"));
            }
            default -> sb.append("Written by Tenor (source: ").append(source).append(")");
        }
        sb.append("\n\n## Provenance\n\nAs recorded in `").append(ModelFolder.PROVENANCE).append("`:\n\n```json\n");
        try {
            sb.append(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p));
        } catch (JsonProcessingException e) {
            sb.append("{}");
        }
        sb.append("\n```\n\nWritten by Tenor ").append(version()).append(".\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, Object value) {
        if (value != null) {
            sb.append(sb.charAt(sb.length() - 1) == '\n' ? "" : ".\n\n").append("- ").append(label).append(": `")
                    .append(value).append("`\n");
        }
    }

    /** A Hub id stays as it is; a folder becomes its name. */
    private static String baseName(String base) {
        String s = base.replace('\\', '/');
        if (s.matches("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+") || !s.contains("/")) {
            return s;
        }
        String last = s.substring(s.lastIndexOf('/') + 1);
        return last.isEmpty() ? s : last;
    }

    private static String yaml(String s) {
        return s.matches("[A-Za-z0-9._/-]+") ? s : "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private static String version() {
        String v = ModelCard.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
