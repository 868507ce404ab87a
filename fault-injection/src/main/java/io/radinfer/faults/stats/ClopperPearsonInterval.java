package io.radinfer.faults.stats;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * The Clopper–Pearson "exact" interval for a binomial proportion (C. J. Clopper, E. S. Pearson, Biometrika
 * 26(4), 1934): the bounds are beta quantiles,
 *
 * <pre>
 *   lower = B(alpha/2;     k,     n - k + 1)     (0 when k = 0)
 *   upper = B(1 - alpha/2; k + 1, n - k)         (1 when k = n)
 * </pre>
 *
 * with {@code alpha = 1 - confidence}. It never under-covers, at the price of being wider than Wilson's. For
 * {@code k = 0} the upper bound has the closed form {@code 1 - (alpha/2)^(1/n)}.
 *
 * <p>The beta quantile comes from Apache Commons Statistics ({@code commons-statistics-distribution}).
 *
 * <p>Example: {@code ClopperPearsonInterval.of(0, 2000, 0.95).upper()} is about 0.00184.
 */
public final class ClopperPearsonInterval {
    private ClopperPearsonInterval() {
    }

    /**
     * The Clopper–Pearson interval for {@code successes} out of {@code trials}.
     *
     * @throws IllegalArgumentException if {@code trials < 1}, {@code successes} is outside [0, trials], or the
     *         confidence is not in (0, 1)
     */
    public static Interval of(long successes, long trials, double confidence) {
        Binomial.check(successes, trials);
        ConfidenceLevel.check(confidence);
        double alpha = 1 - confidence;
        double lower = successes == 0 ? 0
                : BetaDistribution.of(successes, trials - successes + 1).inverseCumulativeProbability(alpha / 2);
        double upper = successes == trials ? 1
                : BetaDistribution.of(successes + 1, trials - successes).inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(lower, upper, confidence);
    }
}
