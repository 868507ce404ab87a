package io.radinfer.runtime.model;

import io.radinfer.kernels.tensor.Tensor;

import java.util.List;

/**
 * All weights of a model. {@code output} is the classifier; for tied models it is the same tensor as
 * {@code tokenEmbedding}.
 */
public record LlamaWeights(Tensor tokenEmbedding, List<LayerWeights> layers, float[] outputNorm, Tensor output) {

    /** Every weight matrix, in forward order (embedding first, classifier last unless tied). */
    public List<Tensor> matrices() {
        java.util.ArrayList<Tensor> all = new java.util.ArrayList<>();
        all.add(tokenEmbedding);
        for (LayerWeights l : layers) {
            all.add(l.wq());
            all.add(l.wk());
            all.add(l.wv());
            all.add(l.wo());
            all.add(l.gate());
            all.add(l.up());
            all.add(l.down());
        }
        if (output != tokenEmbedding) {
            all.add(output);
        }
        return all;
    }
}
