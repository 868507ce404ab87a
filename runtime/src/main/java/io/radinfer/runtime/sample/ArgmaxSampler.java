package io.radinfer.runtime.sample;

/**
 * Greedy decoding: the id of the largest logit, ties to the lowest id (run.c's {@code sample_argmax}, whose
 * strict {@code >} keeps the first maximum). Leaves the logits untouched and draws no random numbers.
 */
final class ArgmaxSampler implements Sampler {

    @Override
    public int sample(float[] logits, int n) {
        Samplers.checkLength(logits, n, logits.length);
        return argmax(logits, n);
    }

    static int argmax(float[] x, int n) {
        int best = 0;
        float max = x[0];
        for (int i = 1; i < n; i++) {
            if (x[i] > max) {
                best = i;
                max = x[i];
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "argmax";
    }
}
