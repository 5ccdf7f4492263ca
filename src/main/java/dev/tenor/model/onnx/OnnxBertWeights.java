package dev.tenor.model.onnx;

import dev.tenor.model.BertConfig;
import dev.tenor.model.FloatTensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT encoder's weights as read from an ONNX graph.
 *
 * @param config the architecture inferred from the weight shapes and the graph
 * @param weights Hugging Face parameter name to tensor ({@code encoder.layer.0.attention.self.query.weight}),
 *     in the order of a {@code BertModel}'s state dict; Linear weights are [out, in]
 * @param headsFromGraph whether the head count was read from the graph (else the caller's fallback)
 * @param epsFromGraph whether the layer-norm epsilon was read from the graph (else 1e-12)
 */
public record OnnxBertWeights(BertConfig config, Map<String, FloatTensor> weights, boolean headsFromGraph,
                              boolean epsFromGraph) {

    public OnnxBertWeights {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
}
