package dev.tenor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.TestEnvironment;
import dev.tenor.data.FewRelReader;
import dev.tenor.data.RelationNames;
import dev.tenor.data.Triplet;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletOptions;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.VariedSentences;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import dev.tenor.train.TrainConfig;
import dev.tenor.train.TripletTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder Tenor trained (20 steps), used elsewhere: loaded by the plain PyTorch peer from its files
 * alone (the peer's own safetensors reader, config.json, modules.json, 1_Pooling/config.json, 2_Normalize), as
 * sentence-transformers would load it, and exported to ONNX and run by ONNX Runtime; both embed 32 varied
 * sentences as Tenor does (cosine >= 0.99999).
 */
class PeerLoadsTenorFolderTest {

    @TempDir
    Path home;

    @Test
    void thePeerEmbedsATrainedFolderAsTenorDoes() throws Exception {
        Path fewrel = TestEnvironment.needData(Path.of("../shared/data/fewrel/val_wiki.json"));
        Optional<TorchPeer> torch = TorchPeer.find();
        TestEnvironment.need(torch.isPresent(), TorchPeer.MISSING);
        ModelFolder base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        List<Triplet> triplets = new TripletBuilder(TripletOptions.defaults().withDevFraction(0).withMaxPerRelation(6))
                .build(FewRelReader.read(fewrel), RelationNames.NONE, ProgressListener.NONE, CancellationToken.NONE)
                .triplets().subList(0, 80); // one epoch of 20 steps: one checkpoint, not one per epoch
        TrainConfig cfg = TrainConfig.defaults(base.dir().toString(), home.resolve("triplets.jsonl"), null,
                home.resolve("run")).with("epochs", 1).with("maxSteps", 20).with("batchSize", 4).with("maxSeqLength", 32)
                .with("lr", 1e-3).with("warmup", 0.0).with("checkpointEvery", 0).with("validateEvery", -1)
                .with("select", TrainConfig.Selection.LAST);
        Path model = new TripletTrainer(cfg, base, base.dir(), triplets, List.of(), null, e -> { },
                CancellationToken.NONE).run(null).model();
        for (String file : List.of("config.json", "model.safetensors", "modules.json", "1_Pooling/config.json",
                "tokenizer.json")) {
            assertTrue(Files.exists(model.resolve(file)), file);
        }
        ModelFolder trained = ModelFolder.open(model);

        List<String> texts = VariedSentences.THIRTY_TWO;
        Path ids = home.resolve("ids.json");
        Path out = home.resolve("peer.f32");
        float[][] tenor;
        try (SentenceEncoder encoder = SentenceEncoder.open(trained)) {
            TorchPeer.writeIds(ids, encoder.tokenize(texts));
            tenor = encoder.encode(texts);
        }
        JsonNode peer = torch.get().run(List.of("encode", "--model", model.toString(), "--ids", ids.toString(),
                "--batch-size", "8", "--out", out.toString()), home.resolve("peer.log"));
        assertEquals(32, peer.get("sentences").asInt());
        float[][] theirs = TorchPeer.readEmbeddings(out, texts.size());
        double worst = 1;
        double moved = 1;
        float[][] before;
        try (SentenceEncoder encoder = SentenceEncoder.open(base)) {
            before = encoder.encode(texts);
        }
        for (int i = 0; i < texts.size(); i++) {
            worst = Math.min(worst, cosine(tenor[i], theirs[i]));
            moved = Math.min(moved, cosine(tenor[i], before[i]));
        }
        System.out.printf("peer vs Tenor on a trained folder: worst cosine %.8f over 32 sentences (trained vs base:"
                + " worst %.5f)%n", worst, moved);
        assertTrue(moved < 0.9999, "20 steps at lr 1e-3 must move the model for the check to mean anything: " + moved);
        assertTrue(worst >= 0.99999, "worst cosine " + worst);

        float[][] onnx;
        try (dev.tenor.model.onnx.OnnxSession s = new dev.tenor.model.onnx.OnnxSession(
                dev.tenor.model.onnx.OnnxExport.export(trained));
             dev.tenor.model.SentenceTokenizer tok = dev.tenor.model.SentenceTokenizer.open(trained.tokenizerFile(),
                     trained.settings().prompt(), Math.min(trained.settings().maxSeqLength(),
                             trained.config().maxPositions()))) {
            onnx = s.embed(tok, texts);
        }
        double worstOnnx = 1;
        for (int i = 0; i < texts.size(); i++) {
            worstOnnx = Math.min(worstOnnx, cosine(tenor[i], onnx[i]));
        }
        System.out.printf("ONNX export of the trained folder vs Tenor: worst cosine %.8f%n", worstOnnx);
        assertTrue(worstOnnx >= 0.99999, "ONNX worst cosine " + worstOnnx);
    }

    private static double cosine(float[] a, float[] b) {
        return dev.tenor.model.Vectors.cosine(a, b);
    }
}
