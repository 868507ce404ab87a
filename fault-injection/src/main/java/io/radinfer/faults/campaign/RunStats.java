package io.radinfer.faults.campaign;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one {@link ParallelInjectionRunner#run} did.
 *
 * @param completed injections finished and written in this run (resumed ones not counted)
 * @param outcomes the outcomes of those injections
 * @param elapsed wall time of the run
 * @param threads worker threads used
 * @param abandonedThreads hung workers that had not returned when the run ended (they keep running as daemon
 *        threads until they reach a checkpoint or the JVM exits)
 */
public record RunStats(long completed, Map<Outcome, Long> outcomes, Duration elapsed, int threads,
        int abandonedThreads) {

    /** Copies the outcome map. */
    public RunStats {
        EnumMap<Outcome, Long> copy = new EnumMap<>(Outcome.class);
        copy.putAll(outcomes);
        outcomes = Map.copyOf(copy);
    }

    /** Finished injections per second of wall time (0 if nothing ran). */
    public double injectionsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? completed / s : 0;
    }

    /** How many injections of this run ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }
}
