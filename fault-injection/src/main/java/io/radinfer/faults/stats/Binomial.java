package io.radinfer.faults.stats;

/** Argument checks shared by the binomial interval methods. */
final class Binomial {
    private Binomial() {
    }

    static void check(long successes, long trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("a proportion needs at least one trial, got " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "successes must be between 0 and the number of trials (" + trials + "), got " + successes);
        }
    }
}
