package io.radinfer.hw.sim;

/**
 * How an op behaves on the roofline, which decides the calibrated efficiency that applies to it.
 */
public enum OpClass {
    /** A weight matrix times one activation vector (decode): streams the weights once, ~2 FLOP per weight. */
    MATVEC,
    /** A weight matrix times a batch of activations (prefill): reuses each weight across the batch. */
    MATMUL,
    /** Attention over the KV cache: streams the cache. */
    ATTENTION,
    /** Norms, RoPE, SwiGLU, residual adds: a few FLOP per activation. */
    ELEMENTWISE;

    /** Whether the op multiplies by a weight matrix and so can run on an accelerator. */
    public boolean offloadable() {
        return this == MATVEC || this == MATMUL;
    }
}
