package dev.tenor.train;

import dev.tenor.data.Triplet;
import dev.tenor.task.CancellationToken;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches a {@link TripletTrainer} run takes, in order, so a peer implementation can train on exactly
 * the same triplets. Test-side access to the trainer's package-private epoch order.
 */
public final class TrainingBatches {

    private TrainingBatches() {
    }

    /** The first {@code steps} batches of a run with {@code cfg} (its seed and batch size) over {@code triplets}. */
    public static List<List<Triplet>> first(TrainConfig cfg, List<Triplet> triplets, int steps) {
        TripletTrainer trainer = new TripletTrainer(cfg, null, null, triplets, null, null, e -> { },
                CancellationToken.NONE);
        int perEpoch = trainer.stepsPerEpoch();
        List<List<Triplet>> out = new ArrayList<>(steps);
        for (int epoch = 0; out.size() < steps; epoch++) {
            int[] order = trainer.order(epoch);
            for (int s = 0; s < perEpoch && out.size() < steps; s++) {
                List<Triplet> batch = new ArrayList<>();
                for (int i = s * cfg.batchSize(); i < Math.min(order.length, (s + 1) * cfg.batchSize()); i++) {
                    batch.add(triplets.get(order[i]));
                }
                out.add(batch);
            }
        }
        return out;
    }
}
