package io.radinfer.hw.power;

import io.radinfer.hw.orbit.Orbit;

/**
 * The payload's share of the spacecraft power system: a solar array that feeds the payload in sunlight and
 * a battery that carries it through eclipse.
 *
 * @param solarArrayW power the array delivers to the payload bus in sunlight
 * @param batteryCapacityWh battery capacity
 * @param maxDepthOfDischarge the deepest discharge allowed, as a fraction of capacity (LEO Li-ion: 0.2-0.3)
 * @param chargeEfficiency share of bus energy that ends up stored when charging
 * @param dischargeEfficiency share of stored energy that reaches the bus when discharging
 * @param initialStateOfCharge state of charge at the start, in [0, 1]
 */
public record PowerSystem(double solarArrayW, double batteryCapacityWh, double maxDepthOfDischarge,
        double chargeEfficiency, double dischargeEfficiency, double initialStateOfCharge) {

    /**
     * Li-ion depth of discharge in LEO is held to 20-30% for cycle life (HARDWARE-NOTES.md [R]); 0.3 here.
     */
    public static final double DEFAULT_DOD = 0.3;
    /**
     * Round-trip battery efficiency ~88-92% (HARDWARE-NOTES.md [S]): 0.90 round trip, split evenly as
     * sqrt(0.90) = 0.949 each way.
     */
    public static final double DEFAULT_ONE_WAY_EFFICIENCY = Math.sqrt(0.90);

    public PowerSystem {
        if (!(solarArrayW >= 0) || !(batteryCapacityWh > 0) || !(maxDepthOfDischarge > 0 && maxDepthOfDischarge <= 1)
                || !(chargeEfficiency > 0 && chargeEfficiency <= 1) || !(dischargeEfficiency > 0 && dischargeEfficiency <= 1)
                || !(initialStateOfCharge >= 0 && initialStateOfCharge <= 1)) {
            throw new IllegalArgumentException("impossible power system: array " + solarArrayW + " W, battery "
                    + batteryCapacityWh + " Wh, DoD " + maxDepthOfDischarge + ", efficiencies " + chargeEfficiency + "/"
                    + dischargeEfficiency + ", initial SoC " + initialStateOfCharge);
        }
    }

    /**
     * A power system sized for a payload budget on an orbit: the array's orbit-average output equals the
     * budget ({@code budget * T / T_sunlit} in sunlight), and the battery, starting full, carries the budget
     * through one eclipse to exactly the depth-of-discharge limit. Running flat out at the budget every
     * orbit therefore drains it slowly (charging losses): the governor has to plan energy, as on a real
     * spacecraft.
     */
    public static PowerSystem sizedFor(double budgetW, Orbit orbit) {
        if (!(budgetW > 0)) {
            throw new IllegalArgumentException("power budget must be > 0 W, got " + budgetW);
        }
        double solar = budgetW * orbit.periodS() / orbit.sunlitS();
        double eclipseWh = budgetW * Math.max(orbit.eclipseS(), 60) / 3600;
        double capacity = eclipseWh / (DEFAULT_DOD * DEFAULT_ONE_WAY_EFFICIENCY);
        return new PowerSystem(solar, capacity, DEFAULT_DOD, DEFAULT_ONE_WAY_EFFICIENCY, DEFAULT_ONE_WAY_EFFICIENCY, 1.0);
    }

    /** The lowest state of charge allowed: {@code 1 - maxDepthOfDischarge}. */
    public double floorStateOfCharge() {
        return 1 - maxDepthOfDischarge;
    }

    /** Capacity in joules. */
    public double capacityJ() {
        return batteryCapacityWh * 3600;
    }
}
