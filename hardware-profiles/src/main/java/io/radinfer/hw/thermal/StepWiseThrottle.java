package io.radinfer.hw.thermal;

import java.util.Arrays;

/**
 * Hardware/OS thermal throttling after the Linux thermal framework's {@code step_wise} governor: at each
 * poll, while the temperature is at or above an active trip point and not falling, the cooling state goes
 * up one step (one DVFS state lower); once every trip is released (the temperature has fallen below a trip
 * minus the hysteresis), it comes down one step per poll. At or above the critical temperature the cores
 * stop computing until the temperature falls below critical minus the hysteresis.
 * <pre>{@code
 * StepWiseThrottle t = new StepWiseThrottle(new double[] {80, 87}, 5, 96, 2); // 3 DVFS states: 0..2
 * t.poll(82);            // above the 80 C trip: cap at state 1
 * int cap = t.maxState(); // 1
 * }</pre>
 */
public final class StepWiseThrottle {
    private final double[] tripsC;
    private final double hysteresisK;
    private final double criticalC;
    private final int topState;
    private final boolean[] active;
    private int steps;
    private boolean halted;
    private double lastC = Double.NaN;

    /**
     * @param tripsC passive trip temperatures, ascending
     * @param hysteresisK how far below a trip the temperature must fall to release it
     * @param criticalC temperature at which computing stops
     * @param topState the highest DVFS state index (the unthrottled cap)
     */
    public StepWiseThrottle(double[] tripsC, double hysteresisK, double criticalC, int topState) {
        if (tripsC.length == 0 || !(hysteresisK > 0) || topState < 0) {
            throw new IllegalArgumentException("throttle needs trips, hysteresis > 0 and a top state >= 0");
        }
        for (int i = 1; i < tripsC.length; i++) {
            if (!(tripsC[i] > tripsC[i - 1])) {
                throw new IllegalArgumentException("trip points must ascend: " + Arrays.toString(tripsC));
            }
        }
        if (!(criticalC > tripsC[tripsC.length - 1])) {
            throw new IllegalArgumentException("critical " + criticalC + " C must be above the last trip");
        }
        this.tripsC = tripsC.clone();
        this.hysteresisK = hysteresisK;
        this.criticalC = criticalC;
        this.topState = topState;
        this.active = new boolean[tripsC.length];
    }

    /** Updates the throttle with a new temperature reading (one poll). */
    public void poll(double temperatureC) {
        boolean anyActive = false;
        for (int i = 0; i < tripsC.length; i++) {
            if (temperatureC >= tripsC[i]) {
                active[i] = true;
            } else if (temperatureC < tripsC[i] - hysteresisK) {
                active[i] = false;
            }
            anyActive |= active[i];
        }
        boolean falling = !Double.isNaN(lastC) && temperatureC < lastC;
        if (anyActive && !falling) {
            steps = Math.min(steps + 1, topState);
        } else if (!anyActive) {
            steps = Math.max(steps - 1, 0);
        }
        if (temperatureC >= criticalC) {
            halted = true;
        } else if (temperatureC < criticalC - hysteresisK) {
            halted = false;
        }
        lastC = temperatureC;
    }

    /** The highest DVFS state allowed now. */
    public int maxState() {
        return topState - steps;
    }

    /** Whether computing is stopped (critical temperature). */
    public boolean halted() {
        return halted;
    }

    /** Whether the throttle limits anything now. */
    public boolean throttling() {
        return steps > 0 || halted;
    }
}
