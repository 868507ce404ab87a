package io.radinfer.faults.report;

import io.radinfer.faults.campaign.Outcome;

/** Counts of outcomes for one slice of a campaign (all of it, one target, one layer, one bit). */
final class Tally {
    private final long[] counts = new long[Outcome.values().length];

    void add(Outcome outcome) {
        counts[outcome.ordinal()]++;
    }

    long count(Outcome outcome) {
        return counts[outcome.ordinal()];
    }

    long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
