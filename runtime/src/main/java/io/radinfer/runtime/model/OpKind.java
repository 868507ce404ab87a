package io.radinfer.runtime.model;

/**
 * The ops of one transformer block plus the model head, in forward order. Protection policies, statistics
 * and fault injection name an op by its layer and kind.
 */
public enum OpKind {
    EMBED, ATTN_NORM, Q, K, V, ROPE, KV_WRITE, ATTENTION, ATTN_OUT, ATTN_RESIDUAL,
    FFN_NORM, FFN_GATE, FFN_UP, SWIGLU, FFN_DOWN, FFN_RESIDUAL,
    OUTPUT_NORM, CLASSIFIER;

    /** Whether the op multiplies by a weight matrix. */
    public boolean isMatmul() {
        return switch (this) {
            case Q, K, V, ATTN_OUT, FFN_GATE, FFN_UP, FFN_DOWN, CLASSIFIER -> true;
            default -> false;
        };
    }

    /** Whether the op has algorithm-based checksums (the matrix ops and attention). */
    public boolean hasChecksum() {
        return isMatmul() || this == ATTENTION;
    }

    /** The lower-case name used in reports and on command lines, e.g. {@code ffn_down}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
