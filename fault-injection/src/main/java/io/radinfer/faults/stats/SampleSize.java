package io.radinfer.faults.stats;

/**
 * How many injections a statistical fault-injection campaign needs, after R. Leveugle, A. Calvez, P. Maistri,
 * P. Vanhauwaert, "Statistical fault injection: Quantified error and confidence", DATE 2009, pp. 502-506
 * (doi:10.1109/DATE.2009.5090716). Sampling {@code n} faults without replacement from a fault space of
 * {@code N} faults estimates a proportion {@code p} within a margin of error {@code e} at confidence level
 * {@code c} when
 *
 * <pre>
 *   n = N / (1 + e² (N - 1) / (t² p (1 - p)))
 * </pre>
 *
 * where {@code t} is the two-sided standard-normal quantile of {@code c} (1.96 for 95%). With the unknown
 * proportion set to its worst case {@code p = 0.5} the result is the largest {@code n} for any true rate, as
 * the paper recommends. For an unbounded fault space the formula tends to {@code t² p (1-p) / e²} (9604 at
 * e = 1%, c = 95%).
 *
 * <p>Example: {@code SampleSize.leveugle(0.01, 0.95, 1e6)} is 9513.
 */
public final class SampleSize {
    /** The worst-case proportion, which maximises {@code p(1-p)}. */
    public static final double WORST_CASE_P = 0.5;

    private SampleSize() {
    }

    /**
     * Leveugle et al.'s sample size with the worst-case {@code p = 0.5}, rounded up.
     *
     * @param margin the margin of error {@code e}, in (0, 1), e.g. 0.01 for ±1 percentage point
     * @param confidence the confidence level {@code c}, in (0, 1), e.g. 0.95
     * @param population the size {@code N >= 1} of the fault space; {@link Double#POSITIVE_INFINITY} for an
     *        unbounded one
     */
    public static long leveugle(double margin, double confidence, double population) {
        return leveugle(margin, confidence, population, WORST_CASE_P);
    }

    /**
     * Leveugle et al.'s sample size for an assumed proportion {@code p}, rounded up and never above the
     * population.
     *
     * @throws IllegalArgumentException if the margin or confidence is not in (0, 1), {@code p} is not in
     *         (0, 1), or the population is below 1 or NaN
     */
    public static long leveugle(double margin, double confidence, double population, double p) {
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException(
                    "margin of error must be strictly between 0 and 1 (e.g. 0.01 for 1%), got " + margin);
        }
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("assumed proportion p must be strictly between 0 and 1, got " + p);
        }
        if (!(population >= 1)) {
            throw new IllegalArgumentException("fault-space size must be at least 1, got " + population);
        }
        double t = ConfidenceLevel.zFor(confidence);
        double variance = t * t * p * (1 - p);
        double n = Double.isInfinite(population)
                ? variance / (margin * margin)
                : population / (1 + margin * margin * (population - 1) / variance);
        // Rounding up keeps the margin at or below e; the guard absorbs the last ulp of float error so that an
        // exact integer result such as 9604.0000000001 is not pushed to 9605.
        long rounded = (long) Math.ceil(n - 1e-9);
        return (long) Math.min(rounded, population);
    }
}
