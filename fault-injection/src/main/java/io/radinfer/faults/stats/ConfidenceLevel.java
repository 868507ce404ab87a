package io.radinfer.faults.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Two-sided confidence levels and their standard-normal quantiles.
 */
public final class ConfidenceLevel {
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private ConfidenceLevel() {
    }

    /**
     * The two-sided standard-normal quantile {@code z} with {@code P(|Z| <= z) = confidence}, e.g. 1.959964 for
     * 0.95 (Leveugle et al.'s {@code t}).
     *
     * @throws IllegalArgumentException if {@code confidence} is not strictly between 0 and 1
     */
    public static double zFor(double confidence) {
        check(confidence);
        return STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    static void check(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "confidence level must be strictly between 0 and 1 (e.g. 0.95), got " + confidence);
        }
    }
}
