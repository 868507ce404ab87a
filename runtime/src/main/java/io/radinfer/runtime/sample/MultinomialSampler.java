package io.radinfer.runtime.sample;

/**
 * Plain temperature sampling, as run.c does when top-p is off ({@code topp <= 0 || topp >= 1}): divide
 * the logits by the temperature, softmax, draw one coin, walk the cumulative distribution over all ids
 * ({@code sample_mult}).
 */
final class MultinomialSampler implements Sampler {
    private final float temperature;
    private final XorShiftRng rng;
    private final String description;

    MultinomialSampler(float temperature, XorShiftRng rng, String description) {
        this.temperature = temperature;
        this.rng = rng;
        this.description = description;
    }

    @Override
    public int sample(float[] logits, int n) {
        Samplers.checkLength(logits, n, logits.length);
        Softmax.divide(logits, n, temperature);
        Softmax.inPlace(logits, n);
        return pick(logits, n, rng.nextF32());
    }

    /**
     * run.c's {@code sample_mult}: the first id whose running float sum of probabilities exceeds the coin;
     * the last id if rounding leaves the total at or below the coin.
     */
    static int pick(float[] probs, int n, float coin) {
        float cdf = 0.0f;
        for (int i = 0; i < n; i++) {
            cdf += probs[i];
            if (coin < cdf) {
                return i;
            }
        }
        return n - 1;
    }

    @Override
    public String toString() {
        return description;
    }
}
