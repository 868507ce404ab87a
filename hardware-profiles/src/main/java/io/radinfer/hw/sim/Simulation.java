package io.radinfer.hw.sim;

import io.radinfer.hw.governor.Budget;
import io.radinfer.hw.governor.BudgetGovernor;
import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.orbit.OrbitState;
import io.radinfer.hw.power.Battery;
import io.radinfer.hw.power.EnergyFlow;
import io.radinfer.hw.power.PowerSystem;
import io.radinfer.hw.profile.CpuSpec;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.ThermalSpec;
import io.radinfer.hw.thermal.SinkTemperature;
import io.radinfer.hw.thermal.StepWiseThrottle;
import io.radinfer.hw.thermal.ThermalNode;
import io.radinfer.runtime.governor.Governor;
import io.radinfer.runtime.governor.OperatingPoint;
import io.radinfer.runtime.governor.Telemetry;
import io.radinfer.runtime.protect.ProtectionPreset;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a board through an orbit: every step the governor reads the telemetry and picks an operating point;
 * hardware throttling may cap the DVFS state; the plant model turns the point into tokens and power; the
 * battery and array supply the power; the RC node heats up; the sink follows sunlight and eclipse.
 * <pre>{@code
 * SimulationResult r = Simulation.run(config);
 * System.out.printf("%.2f tok/s, %.2f J/token, %d violations%n", r.summary().tokensPerSecondAvg(),
 *         r.summary().energyPerTokenJ(), r.summary().budgetViolations());
 * }</pre>
 *
 * <p>Order within a step of length {@code dt} starting at {@code t}: orbit state at {@code t}; telemetry of
 * the previous step; decision; throttle cap; power {@code P = P_idle + d * P_active}; battery step; die
 * step over the sink temperature at {@code t} (exact); sink step; throttle poll with the new temperature;
 * limits checked on the step's power and the end temperature and state of charge.
 */
public final class Simulation {
    /** Tolerance on the limits: rounding in the last digits is not a violation. */
    private static final double EPS = 1e-9;

    private Simulation() {
    }

    /** Runs {@code config} with the budget governor (or, if disabled, flat out at the top point). */
    public static SimulationResult run(SimulationConfig config) throws SimulationException {
        PlantModel plant = plantFor(config);
        Governor g = config.governorEnabled()
                ? new BudgetGovernor(plant, config.budget(), config.orbit(), config.powerSystem(), config.protection(),
                        config.saaProtection(), config.stepS())
                : Governor.fixed(topPoint(plant, config.protection()));
        return run(config, plant, g);
    }

    /**
     * Runs {@code config} under any governor (for example a board's own implementation of the SPI). Points
     * it asks for that the board does not have are clamped to the nearest it has: at most all cores, at
     * most the top DVFS state, no offload without an accelerator.
     */
    public static SimulationResult run(SimulationConfig config, Governor governor) throws SimulationException {
        return run(config, plantFor(config), governor);
    }

    /** The plant model of {@code config}, after checking the run is feasible. */
    public static PlantModel plantFor(SimulationConfig config) throws SimulationException {
        check(config);
        return new PlantModel(config.profile(), config.efficiency(), config.model(), config.request());
    }

    /** Flat out: every core at the top DVFS state, offloading if that is faster. */
    private static OperatingPoint topPoint(PlantModel plant, ProtectionPreset preset) {
        CpuSpec cpu = plant.profile().cpu();
        boolean offload = plant.hasAccelerator() && plant.cost(cpu.coreCount(), cpu.topState(), true).tokensPerSecond()
                > plant.cost(cpu.coreCount(), cpu.topState(), false).tokensPerSecond();
        return new OperatingPoint(cpu.coreCount(), cpu.topState(), preset, 1, offload);
    }

    private static void check(SimulationConfig c) throws SimulationException {
        HardwareProfile p = c.profile();
        ModelShape m = c.model();
        double needed = m.weightBytes() + m.kvCacheBytes();
        if (needed > p.memory().sizeBytes()) {
            throw new SimulationException("model", String.format("%s needs %.0f MiB (weights and KV cache) but %s has %.0f MiB;"
                    + " choose a smaller model (built-ins: %s)", m.name(), needed / 1048576, p.name(),
                    p.memory().sizeMib().value(), String.join(", ", ModelShape.names())));
        }
        double idle = p.idlePowerW();
        Budget b = c.budget();
        if (b.powerCapW() <= idle) {
            throw new SimulationException("budget-w", String.format("%.2f W is not above the idle power of %s (%.2f W):"
                    + " nothing could run; raise the budget", b.powerCapW(), p.name(), idle));
        }
        ThermalSpec th = p.thermal();
        if (b.temperatureLimitC() > th.junctionMaxC().value()) {
            throw new SimulationException("t-max", String.format("%.1f C is above the junction maximum of %s (%.1f C);"
                    + " lower it", b.temperatureLimitC(), p.name(), th.junctionMaxC().value()));
        }
        double idleHot = th.hottestSinkC() + idle * th.resistanceKPerW().value();
        if (b.temperatureLimitC() - BudgetGovernor.TEMPERATURE_MARGIN_K <= idleHot) {
            throw new SimulationException("t-max", String.format("%.1f C cannot be held: idle, %s settles at %.1f C over"
                    + " its %.1f C sink; raise the limit", b.temperatureLimitC(), p.name(), idleHot, th.hottestSinkC()));
        }
        PowerSystem ps = c.powerSystem();
        Orbit o = c.orbit();
        // Over an orbit the array must carry the idle board in sunlight and recharge what it drew in eclipse.
        double neededW = idle * (1 + o.eclipseS() / (o.sunlitS() * ps.chargeEfficiency() * ps.dischargeEfficiency()));
        if (ps.solarArrayW() < neededW) {
            throw new SimulationException("solar-w", String.format("the array's %.2f W cannot sustain even the idle board"
                    + " (%.2f W) over an orbit: it needs at least %.2f W in sunlight; a larger array (or budget, if the"
                    + " array is sized from it) is needed", ps.solarArrayW(), idle, neededW));
        }
        double eclipseIdleJ = idle * o.eclipseS() / ps.dischargeEfficiency();
        double usableJ = (ps.maxDepthOfDischarge() - BudgetGovernor.BATTERY_MARGIN) * ps.capacityJ();
        if (eclipseIdleJ > usableJ) {
            throw new SimulationException("battery-wh", String.format("%.1f Wh at %.0f%% depth of discharge cannot carry"
                    + " the idle board (%.2f W) through a %.1f min eclipse; a bigger battery or a deeper discharge is needed",
                    ps.batteryCapacityWh(), ps.maxDepthOfDischarge() * 100, idle, o.eclipseS() / 60));
        }
    }

    private static SimulationResult run(SimulationConfig c, PlantModel plant, Governor governor) {
        HardwareProfile p = c.profile();
        CpuSpec cpu = p.cpu();
        ThermalSpec th = p.thermal();
        double dt = c.stepS();
        long steps = (long) Math.ceil(c.durationS() / dt - 1e-9);
        double idle = plant.idlePowerW();
        double cap = c.budget().powerCapW();
        double limit = c.budget().temperatureLimitC();
        PowerSystem ps = c.powerSystem();

        SinkTemperature sink = new SinkTemperature(th.sinkSunlitC().value(), th.sinkEclipseC().value(),
                th.sinkTimeConstantS().value());
        ThermalNode die = new ThermalNode(th.resistanceKPerW().value(), th.capacitanceJPerK().value(),
                sink.temperatureC() + idle * th.resistanceKPerW().value());
        StepWiseThrottle throttle = new StepWiseThrottle(th.tripsC(), th.throttleHysteresisK().value(),
                th.criticalC().value(), cpu.topState());
        Battery battery = new Battery(ps);
        double initialStored = battery.storedJ();

        List<TimelineSample> timeline = new ArrayList<>((int) Math.min(steps, Integer.MAX_VALUE - 8));
        Map<ProtectionPreset, Double> presetTime = new EnumMap<>(ProtectionPreset.class);
        double lastPower = idle;
        double lastRate = 0;
        double tokens = 0;
        double energy = 0;
        double peakPower = 0;
        double peakTemp = die.temperatureC();
        double minSoc = battery.stateOfCharge();
        double staticJ = 0;
        double computeJ = 0;
        double dramJ = 0;
        double solarToLoad = 0;
        double batteryToLoad = 0;
        double busToBattery = 0;
        double shunted = 0;
        double throttled = 0;
        double halted = 0;
        double brownout = 0;
        double saa = 0;
        double saaBelow = 0;
        double eclipse = 0;
        double dutyLimited = 0;
        double offloaded = 0;
        double powerOverS = 0;
        double tempOverS = 0;
        double battOverS = 0;
        int powerEpisodes = 0;
        int tempEpisodes = 0;
        int battEpisodes = 0;
        boolean powerOver = false;
        boolean tempOver = false;
        boolean battOver = false;
        double floor = ps.floorStateOfCharge();

        for (long i = 0; i < steps; i++) {
            double t = i * dt;
            double stepLen = Math.min(dt, c.durationS() - t);
            OrbitState os = c.orbit().at(t);
            Telemetry tel = new Telemetry(t, lastPower, die.temperatureC(), sink.temperatureC(), battery.stateOfCharge(),
                    lastRate, os.sunlit(), os.inSaa(), os.radiationLevel());
            OperatingPoint asked = governor.decide(tel);
            int threads = Math.min(asked.threads(), cpu.coreCount());
            boolean offload = asked.offload() && plant.hasAccelerator();
            int dvfs = Math.min(Math.min(asked.dvfsState(), cpu.topState()), throttle.maxState());
            double duty = throttle.halted() ? 0 : asked.dutyCycle();
            OperatingCost cost = plant.cost(threads, dvfs, offload);
            double active = cost.activePowerW();
            double demand = idle + duty * active;

            EnergyFlow flow = battery.step(demand, os.sunlit(), stepLen);
            double powerW = flow.deliveredW();
            if (flow.brownout()) {
                brownout += stepLen;
                duty = Math.max(0, (powerW - idle) / active);
            }
            double rate = duty * cost.tokensPerSecond() * c.protectionCosts().throughputFactor(asked.protection());
            tokens += rate * stepLen;
            energy += powerW * stepLen;
            double idlePart = Math.min(powerW, idle);
            staticJ += idlePart * stepLen;
            double dynamicJ = (powerW - idlePart) * stepLen;
            dramJ += dynamicJ * cost.dramShare();
            computeJ += dynamicJ * (1 - cost.dramShare());
            solarToLoad += flow.solarToLoadJ();
            batteryToLoad += flow.batteryToLoadJ();
            busToBattery += flow.busToBatteryJ();
            shunted += flow.shuntedJ();

            boolean wasThrottled = throttle.throttling();
            if (wasThrottled) {
                throttled += stepLen;
            }
            if (throttle.halted()) {
                halted += stepLen;
            }
            die.step(powerW, sink.temperatureC(), stepLen);
            double sinkDuring = sink.temperatureC();
            sink.step(os.sunlit(), stepLen);
            throttle.poll(die.temperatureC());

            presetTime.merge(asked.protection(), stepLen, Double::sum);
            if (os.inSaa()) {
                saa += stepLen;
                if (asked.protection().ordinal() < c.saaProtection().ordinal()) {
                    saaBelow += stepLen;
                }
            }
            if (!os.sunlit()) {
                eclipse += stepLen;
            }
            if (duty < 1 - EPS) {
                dutyLimited += stepLen;
            }
            if (offload && duty > 0) {
                offloaded += stepLen;
            }
            peakPower = Math.max(peakPower, powerW);
            peakTemp = Math.max(peakTemp, die.temperatureC());
            minSoc = Math.min(minSoc, battery.stateOfCharge());

            boolean pNow = powerW > cap * (1 + EPS);
            boolean tNow = die.temperatureC() > limit + EPS;
            boolean bNow = battery.stateOfCharge() < floor - EPS;
            if (pNow) {
                powerOverS += stepLen;
                powerEpisodes += powerOver ? 0 : 1;
            }
            if (tNow) {
                tempOverS += stepLen;
                tempEpisodes += tempOver ? 0 : 1;
            }
            if (bNow) {
                battOverS += stepLen;
                battEpisodes += battOver ? 0 : 1;
            }
            powerOver = pNow;
            tempOver = tNow;
            battOver = bNow;

            timeline.add(new TimelineSample(t + stepLen, powerW, die.temperatureC(), sinkDuring, dvfs,
                    cpu.dvfsStates().get(dvfs).clockMhz().value(), threads, asked.protection(), offload, duty, rate,
                    battery.stateOfCharge(), os.sunlit(), os.inSaa(), wasThrottled));
            lastPower = powerW;
            lastRate = rate;
        }

        double duration = c.durationS();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (ProtectionPreset pr : ProtectionPreset.values()) {
            shares.put(pr.cliName(), presetTime.getOrDefault(pr, 0.0) / duration);
        }
        OperatingCost top = plant.cost(topPoint(plant, c.protection()));
        long tokenCount = (long) Math.floor(tokens);
        SimulationSummary summary = new SimulationSummary(tokenCount, tokens / duration, energy,
                tokens > 0 ? energy / tokens : Double.NaN, energy / duration, peakPower, peakTemp, throttled, halted,
                new Violations(powerOverS, tempOverS, battOverS, powerEpisodes, tempEpisodes, battEpisodes), brownout,
                minSoc, battery.stateOfCharge(),
                new EnergyLedger(staticJ, computeJ, dramJ, solarToLoad, batteryToLoad, busToBattery, shunted, initialStored,
                        battery.storedJ()),
                shares, saa, saaBelow, eclipse, dutyLimited, offloaded / duration,
                top.tokensPerSecond() * c.protectionCosts().throughputFactor(c.protection()), idle + top.activePowerW());
        return new SimulationResult(c, timeline, summary);
    }
}
