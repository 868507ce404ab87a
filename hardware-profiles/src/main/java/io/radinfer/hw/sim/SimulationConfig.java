package io.radinfer.hw.sim;

import io.radinfer.hw.governor.Budget;
import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.power.PowerSystem;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.runtime.protect.ProtectionPreset;

import java.util.Objects;

/**
 * Everything a simulated run needs. Start from {@link #builder} and set what differs from the defaults:
 * <pre>{@code
 * SimulationConfig cfg = SimulationConfig.builder(ProfileLoader.load("jetson-orin-nano"),
 *                 KernelEfficiency.from(ProfileLoader.load("host"), ProfileLoader.hostCalibration(null)))
 *         .budget(new Budget(9, 80))
 *         .orbit(Orbit.builtIn("leo-550"))
 *         .durationS(3 * 3600)
 *         .protection(ProtectionPreset.CHECKSUM)
 *         .build();
 * SimulationResult r = Simulation.run(cfg);
 * }</pre>
 *
 * @param profile the target board
 * @param efficiency radinfer's kernel efficiencies from the host calibration
 * @param model the model shape
 * @param request the request the run repeats
 * @param orbit the orbit
 * @param powerSystem the solar array and battery
 * @param budget power cap and temperature limit
 * @param governorEnabled whether the budget governor runs (otherwise the board runs flat out: every core
 *     at the top DVFS state, offloading if that is faster, the base preset throughout; violations are
 *     counted)
 * @param protection the protection preset outside the SAA
 * @param saaProtection the protection preset the governor raises to inside the SAA
 * @param protectionCosts throughput factor per preset
 * @param durationS simulated seconds
 * @param stepS seconds per step (also the governor's control period and the throttle's poll period)
 */
public record SimulationConfig(HardwareProfile profile, KernelEfficiency efficiency, ModelShape model,
        RequestShape request, Orbit orbit, PowerSystem powerSystem, Budget budget, boolean governorEnabled,
        ProtectionPreset protection, ProtectionPreset saaProtection, ProtectionCosts protectionCosts, double durationS,
        double stepS) {

    /** The longest step: the SAA pass and the throttle need to be resolved. */
    public static final double MAX_STEP_S = 600;

    public SimulationConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(efficiency, "efficiency");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(orbit, "orbit");
        Objects.requireNonNull(powerSystem, "powerSystem");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(saaProtection, "saaProtection");
        Objects.requireNonNull(protectionCosts, "protectionCosts");
        if (!(durationS > 0) || !(stepS > 0) || stepS > MAX_STEP_S || stepS > durationS) {
            throw new IllegalArgumentException("need duration > 0 and a step in (0, min(duration, " + MAX_STEP_S
                    + ")] seconds, got duration " + durationS + " s, step " + stepS + " s");
        }
    }

    /** A builder with the defaults: see {@link Builder}. */
    public static Builder builder(HardwareProfile profile, KernelEfficiency efficiency) {
        return new Builder(profile, efficiency);
    }

    /**
     * Defaults: the {@link ModelShape#DEFAULT} model, {@link RequestShape#defaults()}, orbit
     * {@link Orbit#DEFAULT}, a power system {@link PowerSystem#sizedFor sized for} the budget, a budget of
     * the board's full CPU power and a limit 10 K under its first throttle trip, the governor on, CHECKSUM
     * outside and TMR inside the SAA, {@link ProtectionCosts#placeholders()}, 3 hours in 1 s steps.
     */
    public static final class Builder {
        private final HardwareProfile profile;
        private final KernelEfficiency efficiency;
        private ModelShape model = ModelShape.builtIn(ModelShape.DEFAULT);
        private RequestShape request = RequestShape.defaults();
        private Orbit orbit = Orbit.builtIn(Orbit.DEFAULT);
        private PowerSystem powerSystem;
        private Budget budget;
        private boolean governorEnabled = true;
        private ProtectionPreset protection = ProtectionPreset.CHECKSUM;
        private ProtectionPreset saaProtection = ProtectionPreset.TMR;
        private ProtectionCosts protectionCosts = ProtectionCosts.placeholders();
        private double durationS = 3 * 3600;
        private double stepS = 1;

        private Builder(HardwareProfile profile, KernelEfficiency efficiency) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.efficiency = Objects.requireNonNull(efficiency, "efficiency");
        }

        public Builder model(ModelShape m) {
            this.model = m;
            return this;
        }

        public Builder request(RequestShape r) {
            this.request = r;
            return this;
        }

        public Builder orbit(Orbit o) {
            this.orbit = o;
            return this;
        }

        /** The power system; if never set, one {@link PowerSystem#sizedFor sized for} the budget and orbit. */
        public Builder powerSystem(PowerSystem p) {
            this.powerSystem = p;
            return this;
        }

        public Builder budget(Budget b) {
            this.budget = b;
            return this;
        }

        public Builder governor(boolean enabled) {
            this.governorEnabled = enabled;
            return this;
        }

        public Builder protection(ProtectionPreset p) {
            this.protection = p;
            return this;
        }

        public Builder saaProtection(ProtectionPreset p) {
            this.saaProtection = p;
            return this;
        }

        public Builder protectionCosts(ProtectionCosts c) {
            this.protectionCosts = c;
            return this;
        }

        public Builder durationS(double s) {
            this.durationS = s;
            return this;
        }

        public Builder stepS(double s) {
            this.stepS = s;
            return this;
        }

        public SimulationConfig build() {
            Budget b = budget != null ? budget
                    : new Budget(profile.fullCpuPowerW(), profile.thermal().throttleTripsC().getFirst().value() - 10);
            PowerSystem p = powerSystem != null ? powerSystem : PowerSystem.sizedFor(b.powerCapW(), orbit);
            return new SimulationConfig(profile, efficiency, model, request, orbit, p, b, governorEnabled, protection,
                    saaProtection, protectionCosts, durationS, stepS);
        }
    }
}
