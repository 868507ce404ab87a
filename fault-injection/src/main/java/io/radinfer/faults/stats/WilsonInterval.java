package io.radinfer.faults.stats;

/**
 * Wilson's score interval for a binomial proportion (E. B. Wilson, "Probable inference, the law of succession,
 * and statistical inference", JASA 22(158), 1927). Unlike the normal-approximation (Wald) interval it stays
 * inside [0, 1] and is not degenerate at 0 or n successes, which matters here: a protected model should see
 * 0 SDCs in thousands of injections, and "0 of 2000" must still give an upper bound.
 *
 * <pre>
 *   centre = (p + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²)
 * </pre>
 *
 * <p>Example: {@code WilsonInterval.of(5, 100, 0.95)} is about [0.0215, 0.1118].
 */
public final class WilsonInterval {
    private WilsonInterval() {
    }

    /**
     * The Wilson score interval for {@code successes} out of {@code trials}.
     *
     * @throws IllegalArgumentException if {@code trials < 1}, {@code successes} is outside [0, trials], or the
     *         confidence is not in (0, 1)
     */
    public static Interval of(long successes, long trials, double confidence) {
        Binomial.check(successes, trials);
        double z = ConfidenceLevel.zFor(confidence);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // The exact bounds at 0 and n successes are 0 and 1; rounding must not push them outside [0, 1].
        double lower = successes == 0 ? 0 : Math.max(0, centre - half);
        double upper = successes == trials ? 1 : Math.min(1, centre + half);
        return new Interval(lower, upper, confidence);
    }
}
