package io.radinfer.hw.profile;

import java.util.Objects;

/**
 * One frequency/voltage operating point of the CPU cores.
 *
 * @param clockMhz core clock
 * @param voltageV core voltage, or {@code null} where the source does not publish it
 * @param powerDynamicW dynamic power with every core busy at this state (static power excluded)
 */
public record DvfsState(Figure clockMhz, Figure voltageV, Figure powerDynamicW) {

    public DvfsState {
        Objects.requireNonNull(clockMhz, "clockMhz");
        Objects.requireNonNull(powerDynamicW, "powerDynamicW");
    }

    /** Dynamic power of one busy core at this state: the all-core figure shared evenly. */
    public double powerPerCoreW(int cores) {
        return powerDynamicW.value() / cores;
    }
}
