package io.radinfer.runtime.sample;

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
     * <p>The exponential: run.c calls glibc's {@code expf}, which is correctly rounded except in rare
     * near-halfway cases. Here the float difference is widened to double, passed to
     * {@link StrictMath#exp(double)} (fdlibm, error below 1 ulp of double) and rounded to float, which gives
     * the correctly rounded float too except when the exact value lies within about 2^-29 relative of a
     * halfway point between two floats; so the two can differ in the last bit in rare cases. StrictMath
     * rather than Math: Math.exp may use a platform intrinsic whose last double bit differs between JVMs
     * and CPUs, and fault-injection golden runs must reproduce on every machine.
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
            x[i] = (float) StrictMath.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] /= sum;
        }
    }
}
