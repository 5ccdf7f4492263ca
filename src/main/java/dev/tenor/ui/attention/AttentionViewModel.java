package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;
import dev.tenor.attention.AttentionOptions;
import dev.tenor.attention.EntityShift;
import dev.tenor.data.FewRelData;
import dev.tenor.data.FewRelReader;
import dev.tenor.io.BadInputException;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.ui.ProgressTask;
import java.nio.file.Path;
import dev.tenor.model.TokenAttention;
import dev.tenor.task.ProgressListener;
import dev.tenor.ui.Background;
import dev.tenor.ui.Errors;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

/**
 * The Attention tab's state: the sentence and the two models, what is shown (view, layer, heads, rollout,
 * special tokens), and the attention computed for the latest sentence. Typing restarts a short timer; when
 * it fires the attention is computed on the attention thread, and results of an older sentence are dropped.
 */
public final class AttentionViewModel {

    /** The views. */
    public enum View { HEAD, MODEL, DIFFERENCE, IMPORTANCE, CHANGES, SHIFT }

    public static final String EMPTY_SENTENCE = "Type a sentence to see its attention.";
    static final Duration DEBOUNCE = Duration.millis(300);

    /** One side's outcome: attention, or why there is none. */
    public record Side(String model, TokenAttention attention, String error) {
    }

    private final EncoderCache encoders;
    private final Background background;
    private final WorkbenchLog log;
    private final WorkbenchSettings settings;

    private final StringProperty sentence = new SimpleStringProperty("");
    private final StringProperty modelA = new SimpleStringProperty("");
    private final StringProperty modelB = new SimpleStringProperty("");
    private final ObjectProperty<View> view = new SimpleObjectProperty<>(View.HEAD);
    private final IntegerProperty layer = new SimpleIntegerProperty(0);
    private final BooleanProperty rollout = new SimpleBooleanProperty(false);
    private final BooleanProperty hideSpecial = new SimpleBooleanProperty(false);
    private final ObjectProperty<boolean[]> heads = new SimpleObjectProperty<>(new boolean[0]);
    private final ObjectProperty<int[]> enlarged = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Side> sideA = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Side> sideB = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper layers = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper headCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(EMPTY_SENTENCE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final PauseTransition debounce = new PauseTransition(DEBOUNCE);
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, List<AttentionLayer>> layerCache = new HashMap<>();
    private Function<String, ProgressListener> importProgress = m -> ProgressListener.NONE;

    public AttentionViewModel(EncoderCache encoders, Background background, WorkbenchLog log,
                              WorkbenchSettings settings) {
        this.encoders = encoders;
        this.background = background;
        this.log = log;
        this.settings = settings;
        debounce.setOnFinished(e -> computeNow());
        sentence.addListener((o, was, now) -> debounce.playFromStart());
        modelA.addListener((o, was, now) -> debounce.playFromStart());
        modelB.addListener((o, was, now) -> debounce.playFromStart());
        rollout.addListener((o, was, now) -> enlarged.set(null));
        sentence.set(settings.get("attention.sentence", ""));
        hideSpecial.set(settings.getBoolean("attention.hideSpecial", false));
    }

    /** How a built-in model's first-use import reports progress (the view opens a progress window). */
    public void setImportProgress(Function<String, ProgressListener> factory) {
        this.importProgress = factory;
    }

    public StringProperty sentenceProperty() {
        return sentence;
    }

    public StringProperty modelAProperty() {
        return modelA;
    }

    /** The second model; blank for none. */
    public StringProperty modelBProperty() {
        return modelB;
    }

    public ObjectProperty<View> viewProperty() {
        return view;
    }

    /** The layer shown (0-based). */
    public IntegerProperty layerProperty() {
        return layer;
    }

    public BooleanProperty rolloutProperty() {
        return rollout;
    }

    public BooleanProperty hideSpecialProperty() {
        return hideSpecial;
    }

    /** Which heads are shown; replaced, never modified in place. */
    public ObjectProperty<boolean[]> headsProperty() {
        return heads;
    }

    /** The model view's enlarged map {@code [layer, head]}, or null. */
    public ObjectProperty<int[]> enlargedProperty() {
        return enlarged;
    }

    public ReadOnlyObjectProperty<Side> sideAProperty() {
        return sideA.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Side> sideBProperty() {
        return sideB.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty layersProperty() {
        return layers.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty headCountProperty() {
        return headCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public AttentionOptions options() {
        return new AttentionOptions(rollout.get(), hideSpecial.get());
    }

    /** Computes now, without waiting for the typing pause (Ctrl+Enter, model changes from code). */
    public void computeNow() {
        debounce.stop();
        long gen = generation.incrementAndGet();
        String s = sentence.get() == null ? "" : sentence.get();
        String a = modelA.get() == null ? "" : modelA.get().strip();
        String b = modelB.get() == null ? "" : modelB.get().strip();
        if (s.isBlank()) {
            busy.set(false);
            setSides(null, null);
            message.set(EMPTY_SENTENCE);
            return;
        }
        if (a.isEmpty()) {
            busy.set(false);
            setSides(null, null);
            message.set("Choose a model.");
            return;
        }
        settings.put("attention.sentence", s);
        settings.put("attention.modelA", a);
        settings.put("attention.modelB", b);
        busy.set(true);
        message.set("Computing attention...");
        background.runAttention(() -> {
            if (gen != generation.get()) {
                return; // a newer sentence is queued
            }
            Side ra = compute(a, s);
            Side rb = b.isEmpty() ? null : compute(b, s);
            Platform.runLater(() -> {
                if (gen == generation.get()) {
                    busy.set(false);
                    setSides(ra, rb);
                }
            });
        });
    }

    private Side compute(String model, String s) {
        ProgressListener progress = importProgress.apply(model);
        try {
            return new Side(model, encoders.attention(model, s, progress), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            encoders.evict(model);
            String why = model + " cannot be used: " + Errors.describe(e);
            log.info(why);
            return new Side(model, null, why);
        } finally {
            if (progress instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a progress window cannot fail in a way worth reporting
                }
            }
        }
    }

    private void setSides(Side a, Side b) {
        layerCache.clear();
        sideA.set(a);
        sideB.set(b);
        int l = 0;
        int h = 0;
        StringBuilder text = new StringBuilder();
        for (Side s : Arrays.asList(a, b)) {
            if (s == null) {
                continue;
            }
            if (s.attention() != null) {
                l = Math.max(l, s.attention().layers());
                h = Math.max(h, s.attention().heads());
                if (text.length() > 0) {
                    text.append("   |   ");
                }
                text.append(s.model()).append(": ").append(s.attention().tokens().size()).append(" tokens, ")
                        .append(s.attention().layers()).append(" layers x ").append(s.attention().heads())
                        .append(" heads");
            } else {
                if (text.length() > 0) {
                    text.append("   |   ");
                }
                text.append(s.error());
            }
        }
        layers.set(l);
        if (layer.get() >= l) {
            layer.set(Math.max(0, l - 1));
        }
        if (heads.get().length != h) {
            boolean[] all = new boolean[h];
            Arrays.fill(all, true);
            heads.set(all);
        }
        headCount.set(h);
        if (a != null || b != null) {
            message.set(text.toString());
        }
    }

    /** Every layer of a side's attention under the current options (computed once per sentence and options). */
    public List<AttentionLayer> layersOf(Side side) {
        if (side == null || side.attention() == null) {
            return List.of();
        }
        AttentionOptions o = options();
        String key = System.identityHashCode(side.attention()) + "/" + o;
        return layerCache.computeIfAbsent(key, k -> AttentionLayer.all(side.attention(), o));
    }

    /**
     * A tile click: a plain click shows that head alone, or all heads again when it was already the only one
     * shown; a click with Shift or Ctrl adds the head to those shown, or takes it away.
     */
    public void clickHead(int head, boolean addOrRemove) {
        boolean[] now = heads.get();
        if (head < 0 || head >= now.length) {
            return;
        }
        boolean[] next;
        if (addOrRemove) {
            next = now.clone();
            next[head] = !next[head];
        } else {
            boolean alone = now[head];
            for (int i = 0; i < now.length; i++) {
                alone &= i == head || !now[i];
            }
            next = new boolean[now.length];
            if (alone) {
                Arrays.fill(next, true);
            } else {
                next[head] = true;
            }
        }
        heads.set(next);
    }

    /** Opens one head of one layer alone (a click in the change grid): per-head attention, that head only. */
    public void openHead(int layerIndex, int head) {
        rollout.set(false);
        layer.set(layerIndex);
        boolean[] only = new boolean[heads.get().length];
        if (head >= 0 && head < only.length) {
            only[head] = true;
            heads.set(only);
        }
    }

    /**
     * Measures the entity-attention shift of the chosen models (the first is the base) over up to
     * {@code limit} sentences of a FewRel file, on the attention thread (where the encoders live).
     */
    public ProgressTask<EntityShift.Report> runShift(Path file, int limit) {
        String a = modelA.get() == null ? "" : modelA.get().strip();
        String b = modelB.get() == null ? "" : modelB.get().strip();
        List<String> names = b.isEmpty() ? List.of(a) : List.of(a, b);
        ProgressTask<EntityShift.Report> task = ProgressTask.of((progress, token) -> {
            if (a.isEmpty()) {
                throw new IllegalArgumentException("choose a model");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("the number of sentences must be at least 1");
            }
            progress.progress(0, 0, "reading " + file.getFileName());
            FewRelData data = FewRelReader.read(file, ProgressListener.NONE, token);
            List<EntityShift.Sample> samples = EntityShift.sample(data, limit);
            if (samples.isEmpty()) {
                throw BadInputException.of(file, "holds no valid FewRel instance");
            }
            List<SentenceEncoder> open = new java.util.ArrayList<>();
            for (String n : names) {
                open.add(encoders.get(n, ProgressListener.NONE));
            }
            return EntityShift.measure(samples, names, open, progress, token);
        });
        background.runAttention(task);
        return task;
    }

    /** Shows every head. */
    public void showAllHeads() {
        boolean[] all = new boolean[heads.get().length];
        Arrays.fill(all, true);
        heads.set(all);
    }

    /** Closes the encoders on the attention thread (where they were used). */
    public void close() {
        debounce.stop();
        generation.incrementAndGet();
        background.runAttention(encoders::close);
    }
}
