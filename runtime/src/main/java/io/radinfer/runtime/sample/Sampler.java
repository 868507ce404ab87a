package io.radinfer.runtime.sample;

/** Picks the next token from logits. */
public interface Sampler {
    /** Returns a token id in {@code [0, n)}; may overwrite {@code logits[0..n)}. */
    int sample(float[] logits, int n);
}
