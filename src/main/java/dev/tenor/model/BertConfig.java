package dev.tenor.model;

/**
 * The architecture of a BERT encoder, as Hugging Face's {@code config.json} describes it.
 *
 * @param vocabSize rows of the word embedding table
 * @param hiddenSize width of every token state
 * @param numLayers transformer layers
 * @param numHeads attention heads per layer
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions rows of the position embedding table
 * @param typeVocabSize rows of the token-type embedding table
 * @param layerNormEps epsilon of every layer norm
 * @param hiddenAct activation of the feed-forward layer as the config names it ({@link HiddenActivation})
 */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, double layerNormEps, String hiddenAct) {

    public BertConfig {
        if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || intermediateSize <= 0
                || maxPositions <= 0 || typeVocabSize <= 0) {
            throw new IllegalArgumentException("BERT config sizes must be positive");
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + numHeads);
        }
        HiddenActivation.parse(hiddenAct); // refuse what the encoder cannot run while the file is still known
    }

    public HiddenActivation activation() {
        return HiddenActivation.parse(hiddenAct);
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }
}
