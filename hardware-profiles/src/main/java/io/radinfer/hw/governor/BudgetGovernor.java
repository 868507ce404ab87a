package io.radinfer.hw.governor;

import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.orbit.OrbitState;
import io.radinfer.hw.power.PowerSystem;
import io.radinfer.hw.profile.ThermalSpec;
import io.radinfer.hw.sim.OperatingCost;
import io.radinfer.hw.sim.PlantModel;
import io.radinfer.hw.thermal.ThermalNode;
import io.radinfer.runtime.governor.Governor;
import io.radinfer.runtime.governor.OperatingPoint;
import io.radinfer.runtime.governor.Telemetry;
import io.radinfer.runtime.protect.ProtectionPreset;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model-predictive governor: each control period it works out the highest power the next period may draw
 * and then picks the operating point that makes the most tokens within it.
 *
 * <ol>
 * <li>Power allowed: the least of
 *   <ul>
 *   <li>the power cap, less a margin;</li>
 *   <li>the thermal limit: the highest constant power {@code P} whose exact RC step
 *       {@code T' = T_ss + (T - T_ss) e^{-dt/RC}}, {@code T_ss = T_sink + P R}, ends at or below the
 *       temperature limit less a margin;</li>
 *   <li>the energy limit: in eclipse, the energy above the depth-of-discharge floor spread evenly over the
 *       rest of the eclipse; in sunlight, the array output less what recharging the battery to full by the
 *       next eclipse needs.</li>
 *   </ul></li>
 * <li>Choice: for every candidate (threads, DVFS state, offload or not) the duty cycle that fits the
 *     allowed power, {@code d = min(1, (P_allowed - P_idle) / P_active)}, gives {@code d * tokens/s}; the
 *     candidate with the most tokens/s wins (ties go to the lower power). When the budget binds, this picks
 *     the point with the most tokens per joule; when it does not, the fastest point.</li>
 * <li>Protection: the base preset, raised to the SAA preset inside the South Atlantic Anomaly. Protection
 *     scales every candidate's throughput by the same factor, so it does not change the choice.</li>
 * </ol>
 * The idle state (duty 0) is always safe when the run is feasible (the simulator checks that before it
 * starts), so the budget holds at every step. On a real board the plant model is an estimate: keep the
 * margins wider there.
 * <pre>{@code
 * Governor g = new BudgetGovernor(plant, new Budget(6, 85), Orbit.builtIn("leo-550"),
 *         PowerSystem.sizedFor(6, Orbit.builtIn("leo-550")), ProtectionPreset.CHECKSUM, ProtectionPreset.TMR, 1.0);
 * OperatingPoint op = g.decide(telemetry);
 * }</pre>
 */
public final class BudgetGovernor implements Governor {
    /** Share of the power cap held back, so rounding never tips a step over the cap. */
    public static final double POWER_MARGIN = 0.005;
    /** Kelvin held back below the temperature limit. */
    public static final double TEMPERATURE_MARGIN_K = 0.25;
    /** State of charge held back above the depth-of-discharge floor. */
    public static final double BATTERY_MARGIN = 0.005;

    private final PlantModel plant;
    private final Budget budget;
    private final Orbit orbit;
    private final PowerSystem power;
    private final ProtectionPreset basePreset;
    private final ProtectionPreset saaPreset;
    private final double controlPeriodS;
    private final ThermalSpec thermal;
    private final List<OperatingCost> candidates;
    private final OperatingPoint idle;

    /**
     * @param plant the time and energy model of the model on the target
     * @param budget the power cap and temperature limit
     * @param orbit the orbit (when the next eclipse starts and ends)
     * @param power the power system, or {@code null} to ignore energy (a board on a bench)
     * @param basePreset protection outside the SAA
     * @param saaPreset protection inside the SAA
     * @param controlPeriodS seconds between decisions
     */
    public BudgetGovernor(PlantModel plant, Budget budget, Orbit orbit, PowerSystem power, ProtectionPreset basePreset,
            ProtectionPreset saaPreset, double controlPeriodS) {
        this.plant = Objects.requireNonNull(plant, "plant");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.orbit = Objects.requireNonNull(orbit, "orbit");
        this.power = power;
        this.basePreset = Objects.requireNonNull(basePreset, "basePreset");
        this.saaPreset = Objects.requireNonNull(saaPreset, "saaPreset");
        if (!(controlPeriodS > 0)) {
            throw new IllegalArgumentException("control period must be > 0 s, got " + controlPeriodS);
        }
        this.controlPeriodS = controlPeriodS;
        this.thermal = plant.profile().thermal();
        this.candidates = new ArrayList<>();
        int cores = plant.profile().cpu().coreCount();
        for (int threads = 1; threads <= cores; threads++) {
            for (int s = 0; s <= plant.profile().cpu().topState(); s++) {
                candidates.add(plant.cost(threads, s, false));
                if (plant.hasAccelerator()) {
                    candidates.add(plant.cost(threads, s, true));
                }
            }
        }
        this.idle = new OperatingPoint(1, 0, basePreset, 0, false);
    }

    @Override
    public OperatingPoint decide(Telemetry t) {
        ProtectionPreset preset = t.inSaa() ? saaPreset : basePreset;
        double allowed = allowedPowerW(t);
        double headroom = allowed - plant.idlePowerW();
        if (!(headroom > 0)) {
            return idle.withProtection(preset);
        }
        OperatingCost best = null;
        double bestRate = -1;
        double bestPower = Double.POSITIVE_INFINITY;
        double bestDuty = 0;
        for (OperatingCost c : candidates) {
            double duty = Math.min(1, headroom / c.activePowerW());
            double rate = duty * c.tokensPerSecond();
            double powerUsed = duty * c.activePowerW();
            if (rate > bestRate * (1 + 1e-12) || (rate >= bestRate * (1 - 1e-12) && powerUsed < bestPower)) {
                best = c;
                bestRate = rate;
                bestPower = powerUsed;
                bestDuty = duty;
            }
        }
        return new OperatingPoint(best.threads(), best.dvfsState(), preset, bestDuty, best.offload());
    }

    /** The highest power the next control period may draw, given the telemetry. */
    public double allowedPowerW(Telemetry t) {
        double cap = budget.powerCapW() * (1 - POWER_MARGIN);
        double sink = Double.isNaN(t.sinkTemperatureC()) ? thermal.hottestSinkC() : t.sinkTemperatureC();
        ThermalNode die = new ThermalNode(thermal.resistanceKPerW().value(), thermal.capacitanceJPerK().value(),
                t.temperatureC());
        double thermalLimit = die.maxPowerForW(budget.temperatureLimitC() - TEMPERATURE_MARGIN_K, sink, controlPeriodS);
        return Math.min(cap, Math.min(thermalLimit, energyLimitW(t)));
    }

    private double energyLimitW(Telemetry t) {
        if (power == null || !t.hasBattery()) {
            return Double.POSITIVE_INFINITY;
        }
        OrbitState s = orbit.at(t.timeSeconds());
        double soc = t.batteryStateOfCharge();
        if (s.sunlit()) {
            double needJ = Math.max(0, 1 - soc) * power.capacityJ();
            double until = Math.max(s.secondsToEclipse(), controlPeriodS);
            return power.solarArrayW() - needJ / power.chargeEfficiency() / until;
        }
        double usable = (soc - power.floorStateOfCharge() - BATTERY_MARGIN) * power.capacityJ() * power.dischargeEfficiency();
        double until = Math.max(s.secondsToSunlight(), controlPeriodS);
        return usable / until;
    }
}
