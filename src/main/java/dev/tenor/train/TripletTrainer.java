package dev.tenor.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.tenor.data.Triplet;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.io.WriteException;
import dev.tenor.model.Devices;
import dev.tenor.model.GradMode;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelSnapshot;
import dev.tenor.model.NativeWork;
import dev.tenor.model.NoGrad;
import dev.tenor.model.SafeTensors;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.SentenceModel;
import dev.tenor.model.TokenizedText;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import dev.tenor.model.Scalars;

/**
 * Fine-tunes a sentence encoder on triplets with TripletLoss, AdamW, linear warm-up and decay, and
 * gradient-norm clipping, as sentence-transformers' fit() does; on the CPU or data-parallel over GPUs.
 * Writes checkpoints, metrics and the final model into the run folder, and resumes exactly.
 */
public final class TripletTrainer {

    /** The outcome of a run. */
    public record Result(Path model, TrainerState state, boolean stopped) {
    }

    private final TrainConfig cfg;
    private final ModelFolder base;
    private final Path originalBase;
    private final List<Triplet> triplets;
    private final List<Triplet> dev;
    private final IntentValidation validation;
    /** The base model's validation top-1 by set, measured at step 0: the reference of every gain. */
    private Map<String, Double> baseTop1 = Map.of();
    private final Consumer<TrainingEvent> listener;
    private final TrainingStop stop;

    /**
     * @param base the model to start from (for a resume: the checkpoint's model folder)
     * @param originalBase the run's base model folder (the final model when no step beats it)
     * @param validation intent validation for {@code val_top1} and best-checkpoint selection, or null
     * @param stop a stop request: the trainer saves a checkpoint of the last finished step and returns
     */
    public TripletTrainer(TrainConfig cfg, ModelFolder base, Path originalBase, List<Triplet> triplets,
                          List<Triplet> dev,
                          IntentValidation validation, Consumer<TrainingEvent> listener, TrainingStop stop) {
        TrainOptions.validate(cfg); // a record built positionally skips the options' ranges
        if (triplets.isEmpty()) {
            throw new BadInputException(cfg.triplets() + ": holds no triplets");
        }
        this.cfg = cfg;
        this.base = base;
        this.originalBase = originalBase;
        this.triplets = triplets;
        this.dev = dev == null ? List.of() : dev;
        this.validation = validation;
        this.listener = listener;
        this.stop = stop;
    }

    /** As the main constructor, with a plain stop request (finish the step, checkpoint, return). */
    public TripletTrainer(TrainConfig cfg, ModelFolder base, Path originalBase, List<Triplet> triplets,
                          List<Triplet> dev, IntentValidation validation, Consumer<TrainingEvent> listener,
                          CancellationToken stop) {
        this(cfg, base, originalBase, triplets, dev, validation, listener, new TrainingStop(stop));
    }

    public int stepsPerEpoch() {
        return (triplets.size() + cfg.batchSize() - 1) / cfg.batchSize();
    }

    public int totalSteps() {
        return totalSteps(cfg, triplets.size());
    }

    /** The schedule's length: all epochs, or {@code maxSteps} when that is smaller. */
    public static int totalSteps(TrainConfig cfg, int tripletCount) {
        long all = (long) ((tripletCount + cfg.batchSize() - 1) / cfg.batchSize()) * cfg.epochs();
        return (int) (cfg.maxSteps() > 0 ? Math.min(all, cfg.maxSteps()) : all);
    }

    /** The shuffled triplet order of an epoch: a function of the seed and the epoch only. */
    int[] order(int epoch) {
        int[] idx = new int[triplets.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Random r = new Random(cfg.seed() * 1_000_003L + epoch);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        if (cfg.groupByLength()) {
            return LengthGrouping.group(idx, cfg.batchSize(), i -> length(triplets.get(i)), r);
        }
        return idx;
    }

    /** Fewest steps between two validations when {@code --validate-every} is 0 (auto). */
    static final int AUTO_VALIDATION_MIN_STEPS = 50;

    /**
     * Steps between intent validations (besides epoch ends and the last step): {@code validateEvery} when
     * positive; when 0 (auto), about ten a run and at least {@link #AUTO_VALIDATION_MIN_STEPS} apart, because
     * validation peaks early (step 50-150 of 300 in every recipe of docs/recipes.md) and a run shorter than an
     * epoch would otherwise be validated only at its end.
     */
    static int validationInterval(int validateEvery, int totalSteps) {
        if (validateEvery > 0) {
            return validateEvery;
        }
        return Math.max(AUTO_VALIDATION_MIN_STEPS, (totalSteps + 9) / 10);
    }

    /** A triplet's padding cost in a batch: its longest sentence, in characters (close to tokens, and free). */
    private static int length(Triplet t) {
        return Math.max(t.anchor().length(), Math.max(t.positive().length(), t.negative().length()));
    }

    /**
     * Trains from the start, or from {@code resume} (a checkpoint folder) when given.
     */
    public Result run(Path resume) throws IOException {
        Device[] devices = Devices.parse(cfg.device());
        Path runDir = cfg.out();
        Files.createDirectories(runDir);
        Checkpoints checkpoints = new Checkpoints(runDir);
        Path metricsFile = runDir.resolve(RunFiles.METRICS);
        TrainerState state;
        if (resume != null) {
            state = Checkpoints.readState(resume);
            MetricsLog.truncateAfter(metricsFile, state.step());
            baseTop1 = baseScores(metricsFile);
        } else {
            state = TrainerState.start(totalSteps());
        }
        int total = totalSteps();
        LinearWarmup schedule = new LinearWarmup(cfg.lr(), (int) Math.ceil(total * cfg.warmup()), total);
        TrainingLoss loss = TrainingLoss.of(cfg);
        AtomicFiles.cleanStaleTemporaries(checkpoints.dir()); // staging folders of a killed run
        try (SentenceModel model = SentenceModel.open(base, devices[0], cfg.dropout(),
                     base.settings().withMaxSeqLength(Math.min(cfg.maxSeqLength(), base.config().maxPositions())));
             MetricsLog log = new MetricsLog(metricsFile, listener)) {
            SentenceEncoder encoder = SentenceEncoder.over(model);
            Map<String, Parameter> params = model.parameters();
            for (Parameter p : params.values()) {
                p.getArray().setRequiresGradient(true);
            }
            AdamW optimizer = new AdamW(cfg.weightDecay());
            if (resume != null) {
                optimizer.restoreState(SafeTensors.read(resume.resolve(Checkpoints.OPTIMIZER)).tensors(), state.step(),
                        model.manager());
                log.emit(TrainingEvent.of("event", "resumed", "step", state.step(), "epoch", epochOf(state.step()),
                        "path", resume.toString()));
            } else {
                log.emit(TrainingEvent.of("event", "start", "step", 0, "epoch", 0.0, "total_steps", total,
                        "triplets", triplets.size(), "dev_triplets", dev.size(), "device", cfg.device(),
                        "base", base.dir().toString()));
            }
            try (DeviceMirrors mirrors = new DeviceMirrors(model.manager(), params, devices);
                 ShardThreads threads = new ShardThreads(devices)) {
                try {
                    state = catchUp(encoder, log, state, resume != null, metricsFile);
                } catch (CancelledException e) {
                    return stopped(model, optimizer, checkpoints, state, log, "before the first step");
                }
                return loop(model, encoder, mirrors, threads, optimizer, schedule, loss, log, checkpoints, state);
            }
        }
    }

    /**
     * The measurements of the starting point: the base model's at a fresh start; at a resume, a validation
     * that was due at the checkpoint's step but was cut short by the stop that ended the earlier session.
     */
    private TrainerState catchUp(SentenceEncoder encoder, MetricsLog log, TrainerState state, boolean resumed,
                                 Path metricsFile) throws IOException {
        if (!resumed) {
            measureDev(encoder, log, 0);
            return measureValidation(encoder, log, state, 0);
        }
        int step = state.step();
        int every = validationInterval(cfg.validateEvery(), state.totalSteps());
        boolean due = cfg.validateEvery() >= 0 && step > 0 && (step == state.totalSteps()
                || step % stepsPerEpoch() == 0 || step % every == 0);
        if (due && MetricsLog.read(metricsFile).stream().noneMatch(e -> e.has("val_top1") && e.number("step") == step)) {
            return measureValidation(encoder, log, state, step);
        }
        return state;
    }

    /** Ends a stopped run: a checkpoint of the last finished step, and the event that says where it is. */
    private Result stopped(SentenceModel model, AdamW optimizer, Checkpoints checkpoints, TrainerState state,
                           MetricsLog log, String when) throws IOException {
        if (state.step() == 0) {
            // Nothing was trained: the run folder restarts in place (tenor train --resume starts it afresh).
            log.emit(TrainingEvent.of("event", "stopped", "step", 0, "epoch", 0.0, "message",
                    "stopped " + when + "; no step was trained, so there is no checkpoint; --resume starts again"));
            return new Result(null, state, true);
        }
        Path checkpoint = checkpoints.folder(state.step());
        if (!Files.isDirectory(checkpoint)) {
            checkpoint = saveCheckpoint(model, optimizer, checkpoints, state, log);
        }
        log.emit(TrainingEvent.of("event", "stopped", "step", state.step(), "epoch", epochOf(state.step()),
                "path", checkpoint.toString()));
        return new Result(checkpoint, state, true);
    }

    private Result loop(SentenceModel model, SentenceEncoder encoder, DeviceMirrors mirrors, ShardThreads threads,
                        AdamW optimizer,
                        LinearWarmup schedule, TrainingLoss loss, MetricsLog log, Checkpoints checkpoints,
                        TrainerState start) throws IOException {
        TrainerState state = start;
        int total = state.totalSteps();
        int perEpoch = stepsPerEpoch();
        long started = System.nanoTime();
        int stepsThisSession = 0;
        Path lastCheckpoint = null;
        for (int epoch = state.epoch(); epoch < cfg.epochs() && state.step() < total; epoch++) {
            int[] order = order(epoch);
            int firstStep = epoch == state.epoch() ? state.stepInEpoch() : 0;
            for (int s = firstStep; s < perEpoch && state.step() < total; s++) {
                if (stop.isRequested()) {
                    return stopped(model, optimizer, checkpoints, state, log, "at step " + state.step());
                }
                List<Triplet> batch = new ArrayList<>();
                for (int i = s * cfg.batchSize(); i < Math.min(order.length, (s + 1) * cfg.batchSize()); i++) {
                    batch.add(triplets.get(order[i]));
                }
                double lr = schedule.rate(state.step());
                long t0 = System.nanoTime();
                float value;
                try {
                    value = step(model, mirrors, threads, optimizer, loss, batch, lr, state.step());
                } catch (CancelledException e) {
                    // an urgent stop abandoned the step before the update: the weights are the last finished step's
                    return stopped(model, optimizer, checkpoints, state, log, "during step " + (state.step() + 1));
                }
                if (!Float.isFinite(value)) {
                    String where = lastCheckpoint != null ? lastCheckpoint.toString()
                            : checkpoints.steps().isEmpty() ? "none" : checkpoints.folder(
                            checkpoints.steps().get(checkpoints.steps().size() - 1)).toString();
                    String msg = "the loss became " + value + " at step " + (state.step() + 1)
                            + "; training stopped (try a lower learning rate). Last good checkpoint: " + where;
                    log.emit(TrainingEvent.of("event", "error", "step", state.step(), "message", msg));
                    throw new TrainingException(msg);
                }
                stepsThisSession++;
                double stepSeconds = (System.nanoTime() - t0) / 1e9;
                double avg = (System.nanoTime() - started) / 1e9 / stepsThisSession;
                boolean epochEnd = s == perEpoch - 1;
                state = state.next(epochEnd ? epoch + 1 : epoch, epochEnd ? 0 : s + 1);
                log.emit(TrainingEvent.of("step", state.step(), "epoch", epochOf(state.step()), "loss", value, "lr", lr,
                        "triplets_per_s", batch.size() / stepSeconds, "eta_s", avg * (total - state.step())));
                boolean last = state.step() == total;
                boolean checkpointDue = epochEnd || last
                        || cfg.checkpointEvery() > 0 && state.step() % cfg.checkpointEvery() == 0;
                boolean validationDue = cfg.validateEvery() >= 0 && (epochEnd || last
                        || state.step() % validationInterval(cfg.validateEvery(), total) == 0);
                try {
                    if (epochEnd || last) {
                        measureDev(encoder, log, state.step());
                    }
                    if (validationDue) {
                        state = measureValidation(encoder, log, state, state.step());
                        checkpointDue = true; // a validated model must exist as a checkpoint to be selectable
                    }
                } catch (CancelledException e) {
                    // a stop cut a measurement short; the step itself is finished, and a resume measures again
                    return stopped(model, optimizer, checkpoints, state, log, "after step " + state.step());
                }
                if (checkpointDue) {
                    lastCheckpoint = saveCheckpoint(model, optimizer, checkpoints, state, log);
                }
            }
        }
        Path finalModel = finish(model, checkpoints, state, log);
        return new Result(finalModel, state, false);
    }

    /**
     * One optimiser step; returns the batch loss (sentence-transformers' mean over the batch). An urgent stop
     * abandons it with {@link CancelledException} before the update, so the weights stay the last step's.
     */
    float step(SentenceModel model, DeviceMirrors mirrors, ShardThreads threads, AdamW optimizer,
               TrainingLoss loss, List<Triplet> batch, double lr, int stepIndex) {
        // Dropout draws from the engine's generator: seed it per step so a resumed run draws the same masks.
        Engine.getInstance().setRandomSeed((int) (cfg.seed() * 7919L + stepIndex));
        try (NativeWork.Permit ignored = model.use(); NDManager scope = model.manager().newSubManager()) {
            Backward b = backward(model, mirrors, threads, loss, batch, scope);
            stop.urgentToken().throwIfCancelled();
            double scale = 1.0;
            if (cfg.maxGradNorm() > 0) {
                double norm = globalNorm(b.gradients());
                scale = Math.min(1.0, cfg.maxGradNorm() / (norm + 1e-6));
            }
            Map<String, NDArray> weights = new LinkedHashMap<>();
            model.parameters().forEach((k, v) -> weights.put(k, v.getArray()));
            optimizer.step(weights, b.gradients(), lr, scale);
            mirrors.afterStep();
            return b.loss();
        }
    }

    /** A step's batch loss and the weights' gradients, summed over the shards on the master device. */
    record Backward(float loss, Map<String, NDArray> gradients) {
    }

    /**
     * Forward and backward of {@code batch}, split into one contiguous shard per replica (a replica without
     * triplets sits the step out), each shard on its own thread. A loss that is a mean over triplets is
     * computed and differentiated per shard, weighted by the shard's share of the batch; an in-batch loss
     * (mnrl) needs every embedding, so the shards' embeddings are gathered on the first device for one loss
     * and one backward (autograd runs it back through each device), as torch's DataParallel does.
     */
    Backward backward(SentenceModel model, DeviceMirrors mirrors, ShardThreads threads, TrainingLoss loss,
                      List<Triplet> batch, NDManager scope) {
        CancellationToken urgent = stop.urgentToken();
        List<List<Triplet>> shards = shards(batch, mirrors.size());
        List<NDManager> locals = new ArrayList<>(shards.size());
        List<List<List<TokenizedText>>> inputs = new ArrayList<>(shards.size());
        for (int r = 0; r < shards.size(); r++) {
            locals.add(scope.newSubManager(mirrors.device(r)));
            List<Triplet> part = shards.get(r);
            // tokenized here, on one thread: the tokenizer's native handle is not shared across threads
            inputs.add(List.of(tokens(model, part, Triplet::anchor), tokens(model, part, Triplet::positive),
                    tokens(model, part, Triplet::negative)));
        }
        float total;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            if (loss.separable() || shards.size() == 1) {
                List<Callable<Float>> tasks = new ArrayList<>();
                for (int r = 0; r < shards.size(); r++) {
                    int replica = r;
                    float share = (float) shards.get(r).size() / batch.size();
                    tasks.add(() -> {
                        try (GradMode ignored = GradMode.enter()) {
                            NDArray[] apn = embedTriplets(model, locals.get(replica), inputs.get(replica),
                                    mirrors.store(replica));
                            NDArray l = share == 1f ? loss.compute(apn[0], apn[1], apn[2])
                                    : Scalars.mul(loss.compute(apn[0], apn[1], apn[2]), share);
                            urgent.throwIfCancelled();
                            collector.backward(l);
                            return l.getFloat();
                        }
                    });
                }
                total = 0;
                for (float part : threads.run(tasks)) {
                    total += part;
                }
            } else {
                List<Callable<NDArray[]>> tasks = new ArrayList<>();
                for (int r = 0; r < shards.size(); r++) {
                    int replica = r;
                    tasks.add(() -> {
                        try (GradMode ignored = GradMode.enter()) {
                            return embedTriplets(model, locals.get(replica), inputs.get(replica), mirrors.store(replica));
                        }
                    });
                }
                List<NDArray[]> parts = threads.run(tasks);
                Device first = mirrors.device(0);
                NDArray[] whole = new NDArray[3];
                for (int side = 0; side < 3; side++) {
                    NDList pieces = new NDList();
                    for (NDArray[] p : parts) {
                        pieces.add(p[side].toDevice(first, false));
                    }
                    whole[side] = NDArrays.concat(pieces, 0);
                }
                NDArray l = loss.compute(whole[0], whole[1], whole[2]);
                urgent.throwIfCancelled();
                collector.backward(l);
                total = l.getFloat();
            }
        }
        return new Backward(total, mirrors.gatherGradients(scope, shards.size()));
    }

    /** The batch cut into at most {@code replicas} contiguous, non-empty shards of near-equal size. */
    static List<List<Triplet>> shards(List<Triplet> batch, int replicas) {
        int size = (batch.size() + replicas - 1) / replicas;
        List<List<Triplet>> out = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += size) {
            out.add(batch.subList(from, Math.min(batch.size(), from + size)));
        }
        return out;
    }

    /** How a step's anchors, positives and negatives go through the encoder. */
    enum ForwardLayout {
        /** Three passes, one per side, each padded to its own longest (as sentence-transformers does). */
        THREE,
        /** One pass over the three together, padded to the longest of all. */
        FUSED,
        /** The three together, sorted by length and cut into passes by {@link LengthBuckets}. */
        BUCKETED
    }

    /**
     * One fused forward instead of three: 1.45x the triplets/s at batch 16 and 1.81x at batch 32 (default
     * model, length 64, CPU; ForwardFusionBenchmark), with equal losses; bucketing by length then trims the
     * padding of the fused pass (same benchmark). Kept switchable for that benchmark.
     */
    static ForwardLayout forwardLayout = ForwardLayout.BUCKETED;

    /** The fixed cost of one more forward pass, in padded tokens, that a bucket must save to be cut. */
    static int bucketPassCost = 256;

    /** The anchor, positive and negative embeddings of a shard, from one replica's weights. */
    private static NDArray[] embedTriplets(SentenceModel model, NDManager local, List<List<TokenizedText>> apn,
                                           ai.djl.training.ParameterStore store) {
        int b = apn.get(0).size();
        if (forwardLayout == ForwardLayout.THREE) {
            NDArray a = model.embed(local, apn.get(0), true, store);
            NDArray p = model.embed(local, apn.get(1), true, store);
            NDArray n = model.embed(local, apn.get(2), true, store);
            return new NDArray[] {a, p, n};
        }
        List<TokenizedText> all = new ArrayList<>(apn.get(0));
        all.addAll(apn.get(1));
        all.addAll(apn.get(2));
        NDArray e = forwardLayout == ForwardLayout.FUSED ? model.embed(local, all, true, store)
                : embedBucketed(model, local, all, store);
        return new NDArray[] {e.get(new NDIndex("0:" + b)), e.get(new NDIndex(b + ":" + 2 * b)),
                e.get(new NDIndex(2 * b + ":"))};
    }

    /** Embeddings of {@code all} in its order, computed in passes of similar length. */
    private static NDArray embedBucketed(SentenceModel model, NDManager local, List<TokenizedText> all,
                                         ai.djl.training.ParameterStore store) {
        int[] lengths = new int[all.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = all.get(i).length();
        }
        List<int[]> passes = LengthBuckets.split(lengths, bucketPassCost);
        if (passes.size() == 1) {
            return model.embed(local, all, true, store);
        }
        NDList parts = new NDList();
        long[] rowOf = new long[all.size()]; // where sentence i's embedding lands in the concatenation
        int row = 0;
        for (int[] pass : passes) {
            List<TokenizedText> texts = new ArrayList<>(pass.length);
            for (int i : pass) {
                texts.add(all.get(i));
                rowOf[i] = row++;
            }
            parts.add(model.embed(local, texts, true, store));
        }
        NDArray joined = NDArrays.concat(parts, 0);
        return joined.get(local.create(rowOf)); // a gather: gradients flow back to each pass's rows
    }

    private static double globalNorm(Map<String, NDArray> grads) {
        double sum = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (NDArray g : grads.values()) {
                try (NDArray sq = g.square(); NDArray s = sq.sum()) {
                    sum += s.getFloat();
                }
            }
        }
        return Math.sqrt(sum);
    }

    private static List<TokenizedText> tokens(SentenceModel model, List<Triplet> part,
                                              java.util.function.Function<Triplet, String> side) {
        List<String> texts = new ArrayList<>(part.size());
        for (Triplet t : part) {
            texts.add(side.apply(t));
        }
        return model.tokenizer().tokenize(texts);
    }

    private double epochOf(int step) {
        return Math.round(step * 1000.0 / stepsPerEpoch()) / 1000.0;
    }

    /** Share of dev triplets with d(a, p) < d(a, n), as sentence-transformers' TripletEvaluator counts. */
    public static double devAccuracy(SentenceEncoder encoder, List<Triplet> dev, Distance distance) {
        return devAccuracy(encoder, dev, distance, CancellationToken.NONE);
    }

    /** As {@link #devAccuracy(SentenceEncoder, List, Distance)}, stopping when {@code cancel} asks. */
    public static double devAccuracy(SentenceEncoder encoder, List<Triplet> dev, Distance distance,
                                     CancellationToken cancel) {
        List<String> a = new ArrayList<>();
        List<String> p = new ArrayList<>();
        List<String> n = new ArrayList<>();
        for (Triplet t : dev) {
            a.add(t.anchor());
            p.add(t.positive());
            n.add(t.negative());
        }
        int batch = SentenceEncoder.DEFAULT_BATCH_SIZE;
        float[][] ea = encoder.encode(a, batch, ProgressListener.NONE, cancel);
        float[][] ep = encoder.encode(p, batch, ProgressListener.NONE, cancel);
        float[][] en = encoder.encode(n, batch, ProgressListener.NONE, cancel);
        int right = 0;
        for (int i = 0; i < dev.size(); i++) {
            if (distance.between(ea[i], ep[i]) < distance.between(ea[i], en[i])) {
                right++;
            }
        }
        return (double) right / dev.size();
    }

    private void measureDev(SentenceEncoder encoder, MetricsLog log, int step) {
        if (dev.isEmpty()) {
            return;
        }
        double acc = devAccuracy(encoder, dev, cfg.distance(), stop.token());
        log.emit(TrainingEvent.of("step", step, "epoch", epochOf(step), "dev_accuracy", acc));
    }

    private TrainerState measureValidation(SentenceEncoder encoder, MetricsLog log, TrainerState state, int step) {
        if (validation == null || cfg.validateEvery() < 0) {
            return state;
        }
        Map<String, Double> bySet = validation.top1BySet(encoder, stop.token());
        if (step == 0) {
            baseTop1 = bySet;
        }
        double mean = mean(bySet);
        double minGain = minGain(bySet);
        log.emit(TrainingEvent.of("step", step, "epoch", epochOf(step), "val_top1", mean, "val_top1_by_set", bySet,
                "val_min_gain", minGain));
        return state.beatenBy(mean, minGain) ? state.best(step, mean, minGain) : state;
    }

    /** The smallest top-1 gain over the base model across the validation sets (0 for the base itself). */
    private double minGain(Map<String, Double> bySet) {
        return bySet.entrySet().stream().mapToDouble(e -> e.getValue() - baseTop1.getOrDefault(e.getKey(), 0.0))
                .min().orElse(0);
    }

    private static double mean(Map<String, Double> bySet) {
        return bySet.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The base model's validation, from a resumed run's metrics (its step-0 measurement). */
    private Map<String, Double> baseScores(Path metricsFile) throws IOException {
        for (TrainingEvent e : MetricsLog.read(metricsFile)) {
            if (e.has("val_top1") && e.number("step") == 0) {
                Map<String, Double> bySet = e.numbers("val_top1_by_set");
                if (bySet.isEmpty() && validation != null && validation.sets().size() == 1) {
                    bySet = Map.of(validation.sets().get(0), e.number("val_top1")); // a run from before sets
                }
                return bySet;
            }
        }
        return Map.of();
    }

    private Path saveCheckpoint(SentenceModel model, AdamW optimizer, Checkpoints checkpoints, TrainerState state,
                                MetricsLog log) {
        try {
            Path dir = checkpoints.save(state.step(), ModelSnapshot.contents(model, provenance(state)),
                    optimizer.exportState(), state);
            checkpoints.prune(cfg.keep(), state.bestStep());
            log.emit(TrainingEvent.of("event", "checkpoint", "step", state.step(), "path", dir.toString()));
            return dir;
        } catch (IOException e) {
            String why = e instanceof WriteException w ? w.reason() : e.getMessage();
            String msg = "cannot write checkpoint step-" + state.step() + " in " + checkpoints.dir() + " (" + why
                    + "); earlier checkpoints are intact";
            log.emit(TrainingEvent.of("event", "error", "step", state.step(), "message", msg));
            throw new TrainingException(msg, e);
        }
    }

    private Map<String, Object> provenance(TrainerState state) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "trained");
        p.put("base", originalBase.toString());
        p.put("triplets", cfg.triplets().toString());
        p.put("step", state.step());
        p.put("seed", cfg.seed());
        p.put("arguments", TrainOptions.arguments(cfg));
        p.put("saved_at", Instant.now().toString());
        return p;
    }

    /** Copies the selected checkpoint's model to {@code model/} and reports it. */
    private Path finish(SentenceModel model, Checkpoints checkpoints, TrainerState state, MetricsLog log)
            throws IOException {
        int chosen = cfg.select() == TrainConfig.Selection.BEST && state.bestStep() >= 0 ? state.bestStep()
                : state.step();
        Path source = checkpoints.folder(chosen);
        Path target = cfg.out().resolve("model");
        if (chosen == 0) {
            copyModel(originalBase, target); // no step beat the base model on validation
        } else if (!Files.isDirectory(source)) {
            ModelSnapshot.save(model, target, provenance(state));
            source = target;
        } else {
            copyModel(source, target);
        }
        double alpha = 1.0;
        if (!cfg.mergeAlpha().none() && chosen != 0) {
            BaseMerge.Outcome selected = new BaseMerge.Outcome(1.0, state.bestStep() == chosen ? state.bestValTop1()
                    : Double.NEGATIVE_INFINITY, state.bestStep() == chosen ? state.bestMinGain()
                    : Double.NEGATIVE_INFINITY);
            alpha = BaseMerge.write(cfg, ModelFolder.open(originalBase), ModelFolder.open(source), target, validation,
                    selected, this::minGain, log, chosen, Devices.parse(cfg.device())[0], stop.token(),
                    provenance(state)).alpha();
        }
        log.emit(TrainingEvent.of("event", "done", "step", state.step(), "epoch", epochOf(state.step()),
                "model", target.toString(), "selected_step", chosen, "best_val_top1", state.bestValTop1(),
                "merge_alpha", alpha));
        return target;
    }

    /** Copies a model folder's files (not trainer state) atomically. */
    static void copyModel(Path from, Path to) throws IOException {
        AtomicFiles.writeFolder(to, tmp -> {
            try (var walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path rel = from.relativize(p);
                    String name = rel.toString();
                    if (name.equals(Checkpoints.STATE) || name.equals(Checkpoints.OPTIMIZER)) {
                        continue;
                    }
                    Path dest = tmp.resolve(name);
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
        });
        Json.read(to.resolve(ModelFolder.CONFIG)); // sanity: the copy is a readable model
    }
}
