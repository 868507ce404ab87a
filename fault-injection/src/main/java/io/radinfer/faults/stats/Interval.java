package io.radinfer.faults.stats;

/**
 * A closed interval {@code [lower, upper]} for a proportion, with the confidence level it was computed at.
 *
 * @param lower lower bound, in [0, 1]
 * @param upper upper bound, in [lower, 1]
 * @param confidence the two-sided confidence level, e.g. 0.95
 */
public record Interval(double lower, double upper, double confidence) {

    /** Checks the bounds are ordered and inside [0, 1]. */
    public Interval {
        if (!(lower >= 0 && upper <= 1 && lower <= upper)) {
            throw new IllegalArgumentException("interval bounds must satisfy 0 <= lower <= upper <= 1, got ["
                    + lower + ", " + upper + "]");
        }
        ConfidenceLevel.check(confidence);
    }

    /** {@code upper - lower}. */
    public double width() {
        return upper - lower;
    }

    /** Whether {@code p} lies inside the interval (bounds included). */
    public boolean contains(double p) {
        return p >= lower && p <= upper;
    }
}
