package dev.tenor.ui.attention;

import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.TokenAttention;
import dev.tenor.task.ProgressListener;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Open encoders for the Attention tab, by model name, the least recently used closed beyond
 * {@link #MAX_OPEN}. Used only from the workbench's attention thread (encoders are not thread-safe).
 */
public final class EncoderCache implements AutoCloseable {

    static final int MAX_OPEN = 3;

    private final ModelStore store;
    private final Map<String, SentenceEncoder> open = new LinkedHashMap<>(8, 0.75f, true);

    public EncoderCache(ModelStore store) {
        this.store = store;
    }

    /** The encoder of {@code model}, opened (and a built-in model imported) on first use. */
    public SentenceEncoder get(String model, ProgressListener progress) {
        SentenceEncoder e = open.get(model);
        if (e != null) {
            return e;
        }
        ModelFolder folder = store.resolve(model, progress);
        e = SentenceEncoder.open(folder);
        open.put(model, e);
        Iterator<Map.Entry<String, SentenceEncoder>> it = open.entrySet().iterator();
        while (open.size() > MAX_OPEN && it.hasNext()) {
            Map.Entry<String, SentenceEncoder> oldest = it.next();
            it.remove();
            oldest.getValue().close();
        }
        return e;
    }

    /** The attention of {@code sentence} under {@code model}. */
    public TokenAttention attention(String model, String sentence, ProgressListener progress) {
        return get(model, progress).attention(sentence);
    }

    /** Forgets a model (its folder changed or failed). */
    public void evict(String model) {
        SentenceEncoder e = open.remove(model);
        if (e != null) {
            e.close();
        }
    }

    @Override
    public void close() {
        open.values().forEach(SentenceEncoder::close);
        open.clear();
    }
}
