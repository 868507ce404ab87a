package io.radinfer.runtime.inject;

import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.tensor.Tensor;

import java.util.List;

/**
 * Memory at rest that a fault can hit between forward passes: the working copy of every weight matrix
 * (writable; the golden copy the scrubber repairs from is not reachable here) and the session's KV cache.
 */
public interface MemorySite {
    /** Every weight matrix of the model, in forward order (see {@code LlamaWeights.matrices()}). */
    List<Tensor> weights();

    /** Small f32 weights (norm weights, biases) by name; a flip there is a flip in a weight value too. */
    List<float[]> vectors();

    /** The KV cache; positions {@code 0 .. filled - 1} hold data. */
    KvCache cache();

    /** Number of KV cache positions that hold data. */
    int filled();
}
