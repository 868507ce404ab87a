package io.radinfer.runtime.sample;

/**
 * Picks the next token id from a logits vector.
 *
 * <p>Implementations may overwrite {@code logits[0..n)} (with the probabilities they computed), as
 * llama2.c's {@code sample} does; pass a scratch copy if the logits are needed afterwards. Samplers that
 * draw random numbers advance their generator by one draw per call, so a run is reproducible from its seed.
 * Calls allocate nothing. Instances are not thread-safe.
 *
 * <pre>{@code
 * Sampler sampler = Samplers.runC(1.0f, 0.9f, 42L, vocabSize);
 * int next = sampler.sample(logits, vocabSize);
 * }</pre>
 */
public interface Sampler {

    /**
     * Chooses a token.
     *
     * @param logits raw model outputs, at least {@code n} long; may be modified
     * @param n number of entries to consider, {@code 1 <= n <= logits.length} (and at most the vocabulary
     *     size the sampler was built for)
     * @return a token id in {@code [0, n)}; never throws for non-finite logits (a NaN in the input yields a
     *     valid but meaningless id — detecting corrupted logits is the protection layer's job)
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    int sample(float[] logits, int n);
}
