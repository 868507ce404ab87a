package io.radinfer.faults.campaign;

import java.time.Duration;

/**
 * The time after which an injection counts as a {@code hang}: {@value #FACTOR}x the golden run, as the
 * campaign definition says, but never less than a floor. The floor exists because a 20 ms golden run would
 * otherwise give a 200 ms limit that a garbage-collection pause or JIT recompilation on a loaded 2-core machine
 * can exceed, turning healthy runs into false hangs.
 */
public final class HangTimeout {
    /** Multiple of the golden run's duration. */
    public static final int FACTOR = 10;
    /** Default lower bound on the time-out. */
    public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(2);

    private HangTimeout() {
    }

    /** {@code max(10 x golden, floor)}. */
    public static Duration forGolden(Duration golden, Duration floor) {
        if (golden.isNegative() || floor.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        Duration scaled = golden.multipliedBy(FACTOR);
        return scaled.compareTo(floor) >= 0 ? scaled : floor;
    }

    /** {@code max(10 x golden, 2 s)}. */
    public static Duration forGolden(Duration golden) {
        return forGolden(golden, DEFAULT_FLOOR);
    }
}
