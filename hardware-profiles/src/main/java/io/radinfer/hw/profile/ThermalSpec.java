package io.radinfer.hw.profile;

import java.util.List;
import java.util.Objects;

/**
 * The lumped thermal path from the die to the baseplate/radiator it is mounted on, and its limits.
 *
 * @param resistanceKPerW thermal resistance die to sink, K/W
 * @param capacitanceJPerK heat capacity of die, board and spreader, J/K
 * @param sinkSunlitC sink (baseplate) temperature the structure settles at in sunlight
 * @param sinkEclipseC sink temperature it settles at in eclipse
 * @param sinkTimeConstantS time constant of the sink moving between the two, seconds
 * @param throttleTripsC passive trip points, ascending: above each, hardware throttling steps the clock down
 * @param throttleHysteresisK how far below a trip the temperature must fall before it is released
 * @param criticalC the die stops computing at or above this temperature until it cools by the hysteresis
 * @param junctionMaxC the rated maximum junction temperature
 */
public record ThermalSpec(Figure resistanceKPerW, Figure capacitanceJPerK, Figure sinkSunlitC, Figure sinkEclipseC,
        Figure sinkTimeConstantS, List<Figure> throttleTripsC, Figure throttleHysteresisK, Figure criticalC,
        Figure junctionMaxC) {

    public ThermalSpec {
        Objects.requireNonNull(resistanceKPerW, "resistanceKPerW");
        Objects.requireNonNull(capacitanceJPerK, "capacitanceJPerK");
        throttleTripsC = List.copyOf(throttleTripsC);
    }

    /** The RC time constant in seconds. */
    public double timeConstantS() {
        return resistanceKPerW.value() * capacitanceJPerK.value();
    }

    /** The warmer of the two sink temperatures. */
    public double hottestSinkC() {
        return Math.max(sinkSunlitC.value(), sinkEclipseC.value());
    }

    /** The trip temperatures as plain numbers, ascending. */
    public double[] tripsC() {
        return throttleTripsC.stream().mapToDouble(Figure::value).toArray();
    }
}
