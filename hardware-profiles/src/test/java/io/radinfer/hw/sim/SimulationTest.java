package io.radinfer.hw.sim;

import io.radinfer.hw.governor.Budget;
import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.power.PowerSystem;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.runtime.governor.OperatingPoint;
import io.radinfer.runtime.protect.ProtectionPreset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationTest {
    private static final ModelShape SMALL = ModelShape.builtIn("stories15m-q8_0");

    /**
     * A budget that binds: power for 30% of the top point's dynamic power, and a temperature
     * limit halfway between the idle temperature over the warm sink and the top point's steady state.
     */
    private static OperatingCost top(PlantModel plant) {
        return plant.cost(plant.profile().cpu().coreCount(), plant.profile().cpu().topState(), false);
    }

    private static Budget bindingBudget(PlantModel plant) {
        HardwareProfile p = plant.profile();
        OperatingCost top = top(plant);
        double cap = plant.idlePowerW() + 0.3 * top.activePowerW();
        double r = p.thermal().resistanceKPerW().value();
        double idleT = p.thermal().hottestSinkC() + plant.idlePowerW() * r;
        double tMax = Math.min(idleT + 0.5 * top.activePowerW() * r + 1, p.thermal().junctionMaxC().value());
        return new Budget(cap, tMax);
    }

    private static SimulationConfig.Builder base(HardwareProfile p) throws ProfileException {
        return SimulationConfig.builder(p, SimFixtures.defaultEfficiency()).model(SMALL);
    }

    @Test
    void withTheGovernorNoBuiltInProfileAndOrbitViolatesTheBudgetOverThreeOrbits() throws Exception {
        List<String> bound = new ArrayList<>();
        for (HardwareProfile p : ProfileLoader.loadAll()) {
            PlantModel plant = new PlantModel(p, SimFixtures.defaultEfficiency(), SMALL, RequestShape.defaults());
            Budget b = bindingBudget(plant);
            for (String orbitName : Orbit.names()) {
                Orbit o = Orbit.builtIn(orbitName);
                // The array is sized for the board flat out; the bus allocation (the cap) is the tight part.
                PowerSystem ps = PowerSystem.sizedFor(plant.idlePowerW() + top(plant).activePowerW(), o);
                SimulationConfig cfg = base(p).orbit(o).budget(b).powerSystem(ps).durationS(3 * o.periodS()).stepS(10).build();
                SimulationSummary s = Simulation.run(cfg).summary();
                String what = p.name() + " on " + orbitName;
                assertEquals(0, s.budgetViolations(), what + ": " + s.violations());
                assertEquals(0, s.brownoutS(), what);
                assertTrue(s.tokens() > 0, what + " made no tokens");
                assertTrue(s.peakPowerW() <= b.powerCapW(), what);
                assertTrue(s.peakTemperatureC() <= b.temperatureLimitC(), what);
                assertTrue(s.batteryMinSoc() >= cfg.powerSystem().floorStateOfCharge() - 1e-12, what);
                assertEquals(0, s.saaTimeBelowRequiredProtectionS(), what);
                // Flat out, with the same protection time shares, the board would have made this many tokens/s:
                double base = s.unconstrainedTokensPerSecond() / cfg.protectionCosts().throughputFactor(cfg.protection());
                double flatOut = 0;
                for (ProtectionPreset pr : ProtectionPreset.values()) {
                    flatOut += s.protectionTimeShare().get(pr.cliName()) * cfg.protectionCosts().throughputFactor(pr) * base;
                }
                if (s.tokensPerSecondAvg() < 0.99 * flatOut) {
                    bound.add(what);
                }
            }
        }
        assertEquals(9 * Orbit.names().size(), bound.size(), "the budget must cost throughput in every run, or the test proves nothing; it did in: " + bound);
    }

    @Test
    void withoutTheGovernorATightBudgetIsViolatedAndReported() throws Exception {
        HardwareProfile p = ProfileLoader.builtIn("jetson-orin-nano");
        PlantModel plant = new PlantModel(p, SimFixtures.defaultEfficiency(), SMALL, RequestShape.defaults());
        Budget b = bindingBudget(plant);
        Orbit o = Orbit.builtIn("leo-550");
        SimulationConfig cfg = base(p).orbit(o).budget(b).governor(false).durationS(3 * o.periodS()).stepS(10).build();
        SimulationSummary s = Simulation.run(cfg).summary();
        assertTrue(s.violations().powerCapEpisodes() > 0, s.violations().toString());
        assertTrue(s.violations().temperatureEpisodes() > 0, s.violations().toString());
        assertTrue(s.violations().batteryEpisodes() > 0, s.violations().toString());
        assertEquals(s.violations().total(), s.budgetViolations());
        assertTrue(s.peakPowerW() > b.powerCapW());
        assertEquals(s.saaTimeS(), s.saaTimeBelowRequiredProtectionS(), 1e-9, "the fixed point never raises protection");
    }

    @Test
    void energyIsConservedOverARun() throws Exception {
        HardwareProfile p = ProfileLoader.builtIn("jetson-orin-nano");
        Orbit o = Orbit.builtIn("leo-400");
        SimulationConfig cfg = base(p).orbit(o).budget(new Budget(9, 60)).durationS(2 * o.periodS()).stepS(5).build();
        SimulationResult r = Simulation.run(cfg);
        SimulationSummary s = r.summary();
        EnergyLedger e = s.energy();
        double integrated = 0;
        double previous = 0;
        for (TimelineSample t : r.timeline()) {
            integrated += t.powerW() * (t.timeS() - previous);
            previous = t.timeS();
        }
        double tol = 1e-9 * integrated;
        assertEquals(integrated, s.energyJ(), tol);
        assertEquals(integrated, e.consumedJ(), tol, "static + compute + DRAM");
        assertEquals(integrated, e.suppliedJ(), tol, "array + battery");
        PowerSystem ps = cfg.powerSystem();
        double stored = e.busToBatteryJ() * ps.chargeEfficiency() - e.batteryToLoadJ() / ps.dischargeEfficiency();
        assertEquals(e.finalStoredJ() - e.initialStoredJ(), stored, 1e-9 * ps.capacityJ());
        double arrayJ = ps.solarArrayW() * (cfg.durationS() - s.eclipseTimeS());
        assertEquals(arrayJ, e.solarToLoadJ() + e.busToBatteryJ() + e.shuntedJ(), 1e-9 * arrayJ, "every array joule is accounted for");
        assertEquals(s.tokens(), Math.floor(sumTokens(r)), 1);
        assertTrue(s.energyPerTokenJ() > 0);
    }

    @Test
    void aCustomGovernorIsClampedToWhatTheBoardHas() throws Exception {
        HardwareProfile p = ProfileLoader.builtIn("gr740");
        SimulationConfig cfg = base(p).budget(new Budget(10, 100)).durationS(600).stepS(10).build();
        SimulationResult r = Simulation.run(cfg, t -> new OperatingPoint(64, 9, ProtectionPreset.DMR, 1, true));
        TimelineSample first = r.timeline().getFirst();
        assertEquals(4, first.threads());
        assertEquals(2, first.dvfsState());
        assertEquals(false, first.offload());
        assertEquals(1.0, r.summary().protectionTimeShare().get("dmr"));
    }

    @Test
    void protectionCostsThroughputNotPower() throws Exception {
        HardwareProfile p = ProfileLoader.builtIn("zynq-ultrascale-plus");
        SimulationConfig none = base(p).budget(new Budget(50, 95)).governor(false).protection(ProtectionPreset.NONE)
                .durationS(600).stepS(10).build();
        SimulationConfig tmr = base(p).budget(new Budget(50, 95)).governor(false).protection(ProtectionPreset.TMR)
                .durationS(600).stepS(10).build();
        SimulationSummary a = Simulation.run(none).summary();
        SimulationSummary b = Simulation.run(tmr).summary();
        assertEquals(0.32, b.tokensPerSecondAvg() / a.tokensPerSecondAvg(), 1e-9);
        assertEquals(a.avgPowerW(), b.avgPowerW(), 1e-9);
    }

    @Test
    void infeasibleRunsNameTheParameter() throws Exception {
        HardwareProfile gr740 = ProfileLoader.builtIn("gr740");
        SimulationException model = assertThrows(SimulationException.class,
                () -> Simulation.run(base(gr740).model(ModelShape.builtIn("llama-1b-q8_0")).budget(new Budget(3, 90)).build()));
        assertEquals("model", model.parameter());
        assertTrue(model.getMessage().contains("gr740 has 256 MiB"), model.getMessage());
        assertEquals("budget-w", assertThrows(SimulationException.class,
                () -> Simulation.run(base(gr740).budget(new Budget(0.5, 90)).build())).parameter());
        assertEquals("t-max", assertThrows(SimulationException.class,
                () -> Simulation.run(base(gr740).budget(new Budget(3, 24)).build())).parameter());
        assertEquals("t-max", assertThrows(SimulationException.class,
                () -> Simulation.run(base(gr740).budget(new Budget(3, 130)).build())).parameter());
        assertEquals("solar-w", assertThrows(SimulationException.class,
                () -> Simulation.run(base(gr740).budget(new Budget(0.72, 90)).build())).parameter(),
                "an array sized for a budget just above idle cannot recharge the eclipse's idle draw");
        PowerSystem tiny = new PowerSystem(5, 0.05, 0.3, 0.95, 0.95, 1);
        assertEquals("battery-wh", assertThrows(SimulationException.class,
                () -> Simulation.run(base(gr740).budget(new Budget(3, 90)).powerSystem(tiny).build())).parameter());
    }

    @Test
    void onTheHostTheModelPredictsTheDecodeRateFromTheMatvecRate() throws Exception {
        HardwareProfile host = ProfileLoader.builtIn("host");
        ModelShape m = ModelShape.builtIn("llama-1b-q8_0");
        PlantModel plant = new PlantModel(host, SimFixtures.defaultEfficiency(), m, new RequestShape(0, 64, 64));
        for (int threads = 1; threads <= 2; threads++) {
            double matvecGbs = host.calibration().pointAtMost(threads).q8MatvecGbs();
            double matvecBytes = Workload.decodeStep(m, 0).ops().stream().filter(o -> o.opClass() == OpClass.MATVEC)
                    .mapToDouble(Op::bytes).sum();
            double streamBound = matvecGbs * 1e9 / matvecBytes;
            double predicted = plant.cost(threads, 0, false).tokensPerSecond();
            // Decode is the weight stream plus a few percent of attention and elementwise work.
            assertTrue(predicted <= streamBound && predicted > 0.9 * streamBound, threads + ": " + predicted + " vs " + streamBound);
        }
    }

    private static double sumTokens(SimulationResult r) {
        double sum = 0;
        double previous = 0;
        for (TimelineSample t : r.timeline()) {
            sum += t.tokensPerSecond() * (t.timeS() - previous);
            previous = t.timeS();
        }
        return sum;
    }
}
