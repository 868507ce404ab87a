package io.radinfer.runtime.sample;

/**
 * Builds samplers.
 *
 * <pre>{@code
 * Sampler greedy = Samplers.runC(0.0f, 0.9f, 1L, 512);     // temperature 0: argmax
 * Sampler nucleus = Samplers.runC(1.0f, 0.9f, 42L, 512);   // run.c -t 1.0 -p 0.9 -s 42
 * int next = nucleus.sample(logits, 512);
 * }</pre>
 */
public final class Samplers {
    private Samplers() {
    }

    /**
     * The sampler llama2.c's {@code run.c} builds for {@code -t temperature -p topp -s seed}, reproducing
     * its token choices: temperature 0 means argmax (the seed is then unused); otherwise the logits are
     * divided by the temperature and softmaxed and one random float is drawn per call, then top-p sampling
     * is used when {@code 0 < topp < 1} and plain sampling over all ids otherwise (run.c's
     * {@code sample}).
     *
     * @param temperature 0 for greedy, else a positive finite value
     * @param topp nucleus mass in [0, 1]; 0 and 1 switch top-p off, as in run.c
     * @param seed generator seed, not 0 (see {@link XorShiftRng#XorShiftRng(long)})
     * @param vocab the largest {@code n} that will be passed to {@link Sampler#sample}; sizes the top-p
     *     buffer
     * @throws IllegalArgumentException for a negative or non-finite temperature, a topp outside [0, 1], a
     *     zero seed or a non-positive vocab (run.c silently replaces such values; a library reports them)
     */
    public static Sampler runC(float temperature, float topp, long seed, int vocab) {
        if (!(temperature >= 0.0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 (greedy) or a positive finite number, got "
                    + temperature);
        }
        if (!(topp >= 0.0f && topp <= 1.0f)) {
            throw new IllegalArgumentException("top-p must be in [0, 1] (0 or 1 turn it off), got " + topp);
        }
        if (vocab <= 0) {
            throw new IllegalArgumentException("vocab must be positive, got " + vocab);
        }
        if (temperature == 0.0f) {
            return new ArgmaxSampler();
        }
        XorShiftRng rng = new XorShiftRng(seed);
        if (topp <= 0.0f || topp >= 1.0f) {
            return new MultinomialSampler(temperature, rng,
                    "sample(temperature=" + temperature + ", seed=" + seed + ")");
        }
        return new TopPSampler(temperature, topp, rng, vocab,
                "top-p(temperature=" + temperature + ", p=" + topp + ", seed=" + seed + ")");
    }

    static void checkLength(float[] logits, int n, int capacity) {
        if (n < 1 || n > logits.length || n > capacity) {
            throw new IllegalArgumentException("n must be in [1, " + Math.min(logits.length, capacity)
                    + "] (logits length " + logits.length + ", sampler built for " + capacity + " ids), got " + n);
        }
    }
}
