package dev.tenor.data;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Builds anchor/positive/negative triplets from FewRel.
 *
 * <p>For every instance {@code a} of a relation, another instance {@code b} of the same relation whose
 * sentence differs is picked at random. The anchor is {@code a}'s sentence; the positive is {@code a}'s
 * sentence with {@code b}'s head and tail; the negative is {@code b}'s sentence with {@code a}'s head and
 * tail. So the positive shares the anchor's structure and the negative shares its entities.
 *
 * <p>Per relation, in this order: invalid entries, then instances whose head and tail are the same or
 * overlapping tokens, are skipped (the pairing is the same in both swap modes, so their outputs can be
 * compared line by line); a relation with fewer than two distinct sentences is skipped whole; the cap keeps
 * a random subset; the dev split holds out a random share of sentences (every instance of a held-out
 * sentence, so a sentence that occurs twice never lands in both splits), paired only among themselves, so no
 * dev sentence is seen in training. Every random choice comes from a generator seeded by
 * the build's seed and the relation id, so a relation's triplets do not depend on the other relations.
 */
public final class TripletBuilder {

    private static final int CANCEL_CHECK_EVERY = 256;

    private final TripletOptions options;
    private final Function<List<String>, String> render;

    public TripletBuilder(TripletOptions options) {
        this.options = options;
        this.render = options.detokenize() ? Sentences::detokenize : Sentences::join;
    }

    public TripletOptions options() {
        return options;
    }

    /**
     * Reads a FewRel file, builds its triplets and writes them to {@code outFolder} (see {@link TripletDataset}).
     *
     * @param relationNames a {@code pid2name.json}, or {@code null} for none
     * @param progress told about reading, pairing and writing as one run from 0 to 1000
     * @throws dev.tenor.io.BadInputException for unusable input or an output folder holding other files
     * @throws dev.tenor.task.CancelledException when cancelled; the output folder is then left as it was
     */
    public BuildResult buildFolder(Path fewrel, Path relationNames, Path outFolder, ProgressListener progress,
            CancellationToken cancel) throws java.io.IOException {
        long started = System.nanoTime();
        TripletDataset.checkOutputFolder(outFolder);
        FewRelData data = FewRelReader.read(fewrel, stage(progress, 0, 500), cancel);
        RelationNames names = relationNames == null ? RelationNames.NONE : RelationNames.read(relationNames);
        TripletSet set = build(data, names, stage(progress, 500, 800), cancel);
        BuildResult result = TripletDataset.write(outFolder, set, stage(progress, 800, 1000), cancel);
        return new BuildResult(result.folder(), result.triplets(), result.dev(), result.stats(), result.summary(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Builds the triplets of {@code data} in memory; progress counts input instances. */
    public TripletSet build(FewRelData data, RelationNames names, ProgressListener progress,
            CancellationToken cancel) {
        List<Triplet> triplets = new ArrayList<>();
        List<Triplet> dev = new ArrayList<>();
        List<RelationStats> stats = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        Sums total = new Sums();
        long done = 0;
        long all = data.instanceCount();
        progress.progress(0, all, "pairing");
        for (FewRelRelation relation : data.relations()) {
            cancel.throwIfCancelled();
            for (InvalidInstance invalid : relation.invalid()) {
                problemCount++;
                if (problems.size() < DatasetStats.MAX_PROBLEMS) {
                    problems.add(invalid.detail());
                }
            }
            Sums sums = new Sums();
            RelationStats relationStats = new RelationBuild(relation, names.name(relation.id()), sums, cancel)
                    .run(triplets, dev);
            stats.add(relationStats);
            total.add(sums);
            done += relation.size();
            progress.progress(done, all, "pairing");
        }
        Provenance provenance = new Provenance(absolute(data.source()), data.sha256(), data.bytes(),
                names.source() == null ? null : absolute(names.source()), names.sha256(), options, version());
        return new TripletSet(triplets, dev, new DatasetStats(provenance, stats, total.lengths(), problems,
                problemCount));
    }

    /** The triplets of one relation. */
    private final class RelationBuild {

        private final FewRelRelation relation;
        private final String name;
        private final Sums sums;
        private final CancellationToken cancel;
        private final Random random;
        private final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
        private List<FewRelInstance> usable;
        private String[] anchors;
        private int[] sentenceIds;
        private int triplets;
        private int devTriplets;

        RelationBuild(FewRelRelation relation, String name, Sums sums, CancellationToken cancel) {
            this.relation = relation;
            this.name = name;
            this.sums = sums;
            this.cancel = cancel;
            this.random = new Random(relationSeed(options.seed(), relation.id()));
        }

        RelationStats run(List<Triplet> trainOut, List<Triplet> devOut) {
            relation.invalid().forEach(i -> skip(i.reason(), 1));
            usable = new ArrayList<>(relation.instances().size());
            for (FewRelInstance instance : relation.instances()) {
                sums.sentences++;
                sums.sentenceTokens += instance.tokens().size();
                if (instance.head().sameSpan(instance.tail())) {
                    skip(SkipReason.IDENTICAL_SPANS, 1);
                } else if (instance.head().overlaps(instance.tail())) {
                    skip(SkipReason.OVERLAPPING_SPANS, 1);
                } else {
                    usable.add(instance);
                }
            }
            int distinct = identifySentences();
            boolean tooSmall = distinct < 2;
            if (tooSmall) {
                skip(SkipReason.RELATION_TOO_SMALL, usable.size());
            } else {
                int[] chosen = cap(allPositions(usable.size()));
                int devCount = (int) Math.round(chosen.length * options.devFraction());
                if (devCount < 2) {
                    devCount = 0; // a lone held-out instance has no partner in its split
                }
                int[] devPool = new int[0];
                int[] trainPool = chosen;
                if (devCount > 0) {
                    int[][] split = splitBySentence(shuffle(chosen.clone()), devCount, distinct);
                    devPool = split[0];
                    trainPool = split[1];
                }
                triplets = pair(trainPool, distinct, trainOut);
                devTriplets = pair(devPool, distinct, devOut);
            }
            return new RelationStats(relation.id(), name, relation.size(), triplets, devTriplets, skipped,
                    tooSmall, sums.lengths());
        }

        /** Renders each usable anchor once and numbers the distinct sentences; returns how many there are. */
        private int identifySentences() {
            anchors = new String[usable.size()];
            sentenceIds = new int[usable.size()];
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < anchors.length; i++) {
                anchors[i] = render.apply(usable.get(i).tokens());
                Integer id = ids.putIfAbsent(anchors[i], ids.size());
                sentenceIds[i] = id == null ? ids.size() - 1 : id;
            }
            return ids.size();
        }

        /**
         * Holds out whole sentences, in shuffled order, until at least {@code devCount} instances are held
         * out: a sentence that occurs twice lands in one split only, so no dev sentence is seen in training.
         * Where every sentence is distinct this is the first {@code devCount} shuffled instances.
         */
        private int[][] splitBySentence(int[] shuffled, int devCount, int distinct) {
            int[] perSentence = new int[distinct];
            for (int p : shuffled) {
                perSentence[sentenceIds[p]]++;
            }
            boolean[] held = new boolean[distinct];
            int heldOut = 0;
            for (int p : shuffled) {
                if (heldOut >= devCount) {
                    break;
                }
                if (!held[sentenceIds[p]]) {
                    held[sentenceIds[p]] = true;
                    heldOut += perSentence[sentenceIds[p]];
                }
            }
            int[] dev = Arrays.stream(shuffled).filter(p -> held[sentenceIds[p]]).toArray();
            int[] train = Arrays.stream(shuffled).filter(p -> !held[sentenceIds[p]]).toArray();
            return new int[][] {sorted(dev), sorted(train)};
        }

        private int[] cap(int[] positions) {
            int max = options.maxPerRelation();
            if (max == 0 || positions.length <= max) {
                return positions;
            }
            skip(SkipReason.OVER_CAP, positions.length - max);
            return sorted(Arrays.copyOf(shuffle(positions), max));
        }

        /** Pairs every instance of {@code pool} with a random other one of a different sentence. */
        private int pair(int[] pool, int distinct, List<Triplet> out) {
            int[] perSentence = new int[distinct];
            for (int p : pool) {
                perSentence[sentenceIds[p]]++;
            }
            int made = 0;
            for (int k = 0; k < pool.length; k++) {
                if (k % CANCEL_CHECK_EVERY == 0) {
                    cancel.throwIfCancelled();
                }
                int a = pool[k];
                int candidates = pool.length - perSentence[sentenceIds[a]];
                if (candidates == 0) {
                    skip(SkipReason.NO_DISTINCT_PARTNER, 1);
                    continue;
                }
                int pick = random.nextInt(candidates);
                int b = -1;
                for (int p : pool) {
                    if (sentenceIds[p] != sentenceIds[a] && pick-- == 0) {
                        b = p;
                        break;
                    }
                }
                Triplet t = triplet(a, b);
                sums.add(t);
                out.add(t);
                made++;
            }
            return made;
        }

        private Triplet triplet(int aPos, int bPos) {
            FewRelInstance a = usable.get(aPos);
            FewRelInstance b = usable.get(bPos);
            String positive;
            String negative;
            if (options.swap() == SwapMode.SPAN) {
                positive = render.apply(EntitySwap.spans(a.tokens(), a.head(), b.headTokens(), a.tail(),
                        b.tailTokens()));
                negative = render.apply(EntitySwap.spans(b.tokens(), b.head(), a.headTokens(), b.tail(),
                        a.tailTokens()));
            } else {
                String aHead = render.apply(a.headTokens());
                String aTail = render.apply(a.tailTokens());
                String bHead = render.apply(b.headTokens());
                String bTail = render.apply(b.tailTokens());
                positive = EntitySwap.strings(anchors[aPos], aHead, bHead, aTail, bTail);
                negative = EntitySwap.strings(anchors[bPos], bHead, aHead, bTail, aTail);
            }
            return new Triplet(anchors[aPos], positive, negative, relation.id(), name, a.index(), b.index());
        }

        private int[] shuffle(int[] values) {
            for (int i = values.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int v = values[i];
                values[i] = values[j];
                values[j] = v;
            }
            return values;
        }

        private void skip(SkipReason reason, int count) {
            if (count > 0) {
                skipped.merge(reason, count, Integer::sum);
            }
        }
    }

    private static int[] allPositions(int n) {
        int[] positions = new int[n];
        Arrays.setAll(positions, i -> i);
        return positions;
    }

    private static int[] sorted(int[] values) {
        Arrays.sort(values);
        return values;
    }

    /** The relation's own seed: SplitMix64's mixer over the build seed and the relation id. */
    static long relationSeed(long seed, String relation) {
        return mix(seed ^ mix(relation.hashCode() + 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Maps a stage's own progress onto the range {@code [from, to]} of a run from 0 to 1000. */
    static ProgressListener stage(ProgressListener out, long from, long to) {
        return (done, total, message) -> {
            long scaled = total <= 0 ? from : from + (to - from) * Math.min(done, total) / total;
            out.progress(scaled, 1000, message);
        };
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private static String version() {
        String v = TripletBuilder.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Running sums for average lengths. */
    private static final class Sums {
        long sentences;
        long sentenceTokens;
        long triplets;
        long anchorChars;
        long positiveChars;
        long negativeChars;

        void add(Triplet t) {
            triplets++;
            anchorChars += t.anchor().length();
            positiveChars += t.positive().length();
            negativeChars += t.negative().length();
        }

        void add(Sums other) {
            sentences += other.sentences;
            sentenceTokens += other.sentenceTokens;
            triplets += other.triplets;
            anchorChars += other.anchorChars;
            positiveChars += other.positiveChars;
            negativeChars += other.negativeChars;
        }

        RelationStats.Lengths lengths() {
            return new RelationStats.Lengths(ratio(sentenceTokens, sentences), ratio(anchorChars, triplets),
                    ratio(positiveChars, triplets), ratio(negativeChars, triplets));
        }

        private static double ratio(long sum, long n) {
            return n == 0 ? 0 : (double) sum / n;
        }
    }
}
