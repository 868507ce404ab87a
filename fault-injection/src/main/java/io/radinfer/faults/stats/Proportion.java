package io.radinfer.faults.stats;

/**
 * A counted proportion {@code count / trials} with its 95% Wilson score interval, as reported for each outcome
 * class of a campaign.
 *
 * @param count how many trials had the property
 * @param trials how many trials there were (at least 1)
 * @param rate {@code count / trials}
 * @param ci95 the 95% Wilson score interval
 */
public record Proportion(long count, long trials, double rate, Interval ci95) {

    /** The confidence level of {@link #ci95()}. */
    public static final double CONFIDENCE = 0.95;

    /**
     * {@code count} of {@code trials}, with its Wilson 95% interval.
     *
     * @throws IllegalArgumentException if {@code trials < 1} or {@code count} is outside [0, trials]
     */
    public static Proportion of(long count, long trials) {
        return new Proportion(count, trials, (double) count / trials, WilsonInterval.of(count, trials, CONFIDENCE));
    }
}
