package io.radinfer.runtime.governor;

import io.radinfer.runtime.protect.ProtectionPreset;

import java.util.Objects;

/**
 * How a session should run until the next decision: the knobs a {@link Governor} turns.
 *
 * @param threads worker threads for the matrix ops (1 or more; a session uses at most the threads it has)
 * @param dvfsState index into the board's DVFS (frequency/voltage) states, 0 = slowest; a session without
 *     frequency control ignores it
 * @param protection the protection preset for the ops that follow
 * @param dutyCycle the share of time spent computing, in [0, 1]: 1 runs flat out, 0.25 computes a quarter of
 *     the time and pauses the rest, 0 pauses entirely (see {@link #pauseNanosAfter(long)})
 * @param offload whether to run the matrix products on the board's accelerator (GPU, AI engines, VPU); a
 *     session without one ignores it
 */
public record OperatingPoint(int threads, int dvfsState, ProtectionPreset protection, double dutyCycle, boolean offload) {

    public OperatingPoint {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (dvfsState < 0) {
            throw new IllegalArgumentException("DVFS state index must be >= 0, got " + dvfsState);
        }
        Objects.requireNonNull(protection, "protection");
        if (!(dutyCycle >= 0 && dutyCycle <= 1)) {
            throw new IllegalArgumentException("duty cycle must be in [0, 1], got " + dutyCycle);
        }
    }

    /**
     * The pause that keeps this duty cycle after a token that took {@code tokenNanos} to compute:
     * {@code tokenNanos * (1 - d) / d}. A duty cycle of 0 means "do not compute": the caller should wait for
     * the next decision instead, and this method returns {@link Long#MAX_VALUE}.
     */
    public long pauseNanosAfter(long tokenNanos) {
        if (tokenNanos < 0) {
            throw new IllegalArgumentException("token time must be >= 0 ns, got " + tokenNanos);
        }
        if (dutyCycle == 0) {
            return Long.MAX_VALUE;
        }
        double pause = tokenNanos * (1 - dutyCycle) / dutyCycle;
        return pause >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(pause);
    }

    public OperatingPoint withThreads(int n) {
        return new OperatingPoint(n, dvfsState, protection, dutyCycle, offload);
    }

    public OperatingPoint withDvfsState(int s) {
        return new OperatingPoint(threads, s, protection, dutyCycle, offload);
    }

    public OperatingPoint withProtection(ProtectionPreset p) {
        return new OperatingPoint(threads, dvfsState, p, dutyCycle, offload);
    }

    public OperatingPoint withDutyCycle(double d) {
        return new OperatingPoint(threads, dvfsState, protection, d, offload);
    }

    public OperatingPoint withOffload(boolean on) {
        return new OperatingPoint(threads, dvfsState, protection, dutyCycle, on);
    }
}
