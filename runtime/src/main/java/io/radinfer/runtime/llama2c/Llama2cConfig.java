package io.radinfer.runtime.llama2c;

/**
 * The header of a llama2.c checkpoint ({@code Config} in llama2.c run.c): seven little-endian int32s. The sign of
 * the stored vocab_size says whether the classifier is the token-embedding table (positive: shared) or a separate
 * array at the end of the file (negative); here {@link #vocabSize()} is always positive and
 * {@link #sharedClassifier()} carries the sign. {@link Llama2cCheckpoint#open} checks the values before it builds
 * one: all positive, {@code nHeads} divides {@code dim}, {@code nKvHeads} divides {@code nHeads}, and the head size
 * is even (RoPE rotates pairs).
 */
public record Llama2cConfig(int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int seqLen,
        boolean sharedClassifier) {

    /** {@code dim / nHeads}. */
    public int headSize() {
        return dim / nHeads;
    }

    /** Width of the K and V projections: {@code headSize() * nKvHeads}. */
    public int kvDim() {
        return headSize() * nKvHeads;
    }
}
