package io.radinfer.runtime.governor;

import java.util.Objects;

/**
 * Keeps a run inside its power and temperature budget: a running session calls {@link #decide} between
 * tokens (at most once per control period) with a {@link Telemetry} snapshot and runs at the returned
 * {@link OperatingPoint} until the next call. On a board the implementation reads real sensors; the
 * hardware-profiles module implements it over a simulated plant.
 *
 * <p>A governor that throttles when the die gets hot and raises protection in the South Atlantic Anomaly:
 * <pre>{@code
 * Governor g = t -> {
 *     ProtectionPreset p = t.inSaa() ? ProtectionPreset.TMR : ProtectionPreset.CHECKSUM;
 *     double duty = t.temperatureC() > 80 ? 0.5 : 1.0;
 *     return new OperatingPoint(2, 0, p, duty, false);
 * };
 * OperatingPoint op = g.decide(new Telemetry(0, 4.2, 85, 20, 0.9, 3.1, true, true, 12));
 * // op: 2 threads, DVFS state 0, TMR, half duty cycle
 * }</pre>
 *
 * <p>Implementations may keep state between calls (a controller's integrator, a hysteresis flag); a session
 * calls one governor from one thread at a time.
 */
@FunctionalInterface
public interface Governor {

    /** The operating point to use until the next call, given the latest telemetry. */
    OperatingPoint decide(Telemetry telemetry);

    /** A governor that always answers {@code point}: the "governor off" baseline. */
    static Governor fixed(OperatingPoint point) {
        Objects.requireNonNull(point, "point");
        return t -> point;
    }
}
