package io.radinfer.runtime.sample;

import io.radinfer.kernels.ops.FloatMath;

/**
 * The softmax and temperature steps of llama2.c's {@code run.c}, in the same order of float operations so
 * that probabilities (and hence sampled ids) match it bit for bit.
 */
final class Softmax {
    private Softmax() {
    }

    /**
     * run.c's {@code logits[q] /= temperature} (a division, not a multiplication by the reciprocal, which
     * would round differently).
     */
    static void divide(float[] logits, int n, float temperature) {
        for (int i = 0; i < n; i++) {
            logits[i] /= temperature;
        }
    }

    /**
     * run.c's {@code softmax}: subtract the maximum, exponentiate, accumulate the sum in float, in index
     * order, then divide each entry by the sum.
     *
     * <p>The exponential is glibc's {@code expf}, computed as glibc computes it ({@link FloatMath#exp}):
     * run.c calls it, glibc's result is not correctly rounded in about 0.06% of inputs, and on near-tied
     * probabilities one last-bit difference changes the sampled token. {@link FloatMath} is pure double
     * arithmetic, so the result is the same on every JVM and CPU, as fault-injection golden runs need.
     */
    static void inPlace(float[] x, int n) {
        float max = x[0];
        for (int i = 1; i < n; i++) {
            if (x[i] > max) {
                max = x[i];
            }
        }
        float sum = 0.0f;
        for (int i = 0; i < n; i++) {
            x[i] = FloatMath.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] /= sum;
        }
    }
}
