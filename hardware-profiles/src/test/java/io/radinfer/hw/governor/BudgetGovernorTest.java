package io.radinfer.hw.governor;

import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.power.PowerSystem;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.hw.sim.ModelShape;
import io.radinfer.hw.sim.OperatingCost;
import io.radinfer.hw.sim.PlantModel;
import io.radinfer.hw.sim.RequestShape;
import io.radinfer.hw.sim.SimFixtures;
import io.radinfer.hw.thermal.ThermalNode;
import io.radinfer.runtime.governor.OperatingPoint;
import io.radinfer.runtime.governor.Telemetry;
import io.radinfer.runtime.protect.ProtectionPreset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetGovernorTest {
    private final Orbit leo = Orbit.builtIn("leo-550");
    private HardwareProfile zynq;
    private PlantModel plant;

    @BeforeEach
    void setUp() throws ProfileException {
        zynq = ProfileLoader.builtIn("zynq-ultrascale-plus");
        plant = new PlantModel(zynq, SimFixtures.defaultEfficiency(), ModelShape.builtIn("stories15m-q8_0"), RequestShape.defaults());
    }

    private BudgetGovernor governor(double capW, double tMax, PowerSystem ps) {
        return new BudgetGovernor(plant, new Budget(capW, tMax), leo, ps, ProtectionPreset.CHECKSUM, ProtectionPreset.TMR, 1);
    }

    private static Telemetry sunlit(double t, double tempC, double soc, boolean saa) {
        return new Telemetry(t, 3, tempC, 20, soc, 0, true, saa, saa ? 30 : 1);
    }

    @Test
    void aLooseBudgetRunsFlatOutAtTheFastestPoint() {
        OperatingPoint op = governor(50, 90, null).decide(sunlit(0, 30, Double.NaN, false));
        assertEquals(1.0, op.dutyCycle());
        assertEquals(4, op.threads());
        assertEquals(zynq.cpu().topState(), op.dvfsState());
        assertEquals(ProtectionPreset.CHECKSUM, op.protection());
    }

    @Test
    void aTightCapPicksThePointWithTheMostTokensPerJouleAndFillsTheCap() {
        double cap = plant.idlePowerW() + 0.05;
        OperatingPoint op = governor(cap, 90, null).decide(sunlit(0, 30, Double.NaN, false));
        OperatingCost c = plant.cost(op);
        double power = plant.idlePowerW() + op.dutyCycle() * c.activePowerW();
        assertTrue(op.dutyCycle() < 1);
        assertEquals(cap * (1 - BudgetGovernor.POWER_MARGIN), power, 1e-9);
        double best = 0;
        for (int t = 1; t <= 4; t++) {
            for (int s = 0; s <= zynq.cpu().topState(); s++) {
                OperatingCost k = plant.cost(t, s, false);
                best = Math.max(best, k.tokensPerSecond() / k.activePowerW());
            }
        }
        assertEquals(best, c.tokensPerSecond() / c.activePowerW(), 1e-9 * best);
    }

    @Test
    void theSaaRaisesProtection() {
        assertEquals(ProtectionPreset.TMR, governor(50, 90, null).decide(sunlit(0, 30, Double.NaN, true)).protection());
    }

    @Test
    void nearTheLimitThePredictedTemperatureStaysBelowIt() {
        BudgetGovernor g = governor(50, 40, null);
        Telemetry t = sunlit(0, 39.75, Double.NaN, false);
        OperatingPoint op = g.decide(t);
        double power = plant.idlePowerW() + op.dutyCycle() * plant.cost(op).activePowerW();
        ThermalNode die = new ThermalNode(zynq.thermal().resistanceKPerW().value(), zynq.thermal().capacitanceJPerK().value(), 39.75);
        double next = die.predictC(power, 20, 1);
        assertTrue(next <= 40 - BudgetGovernor.TEMPERATURE_MARGIN_K + 1e-9, "predicted " + next);
        assertTrue(op.dutyCycle() > 0 && op.dutyCycle() < 1);
    }

    @Test
    void inEclipseTheEnergyAboveTheFloorIsSpreadOverTheRestOfTheEclipse() {
        PowerSystem ps = PowerSystem.sizedFor(5, leo);
        BudgetGovernor g = governor(50, 90, ps);
        double t = leo.sunlitS() + 60;
        double rest = leo.periodS() - t;
        double soc = 0.9;
        Telemetry tel = new Telemetry(t, 3, 30, 10, soc, 0, false, false, 1);
        double expected = (soc - ps.floorStateOfCharge() - BudgetGovernor.BATTERY_MARGIN) * ps.capacityJ()
                * ps.dischargeEfficiency() / rest;
        assertEquals(expected, g.allowedPowerW(tel), 1e-9);
        Telemetry atFloor = new Telemetry(t, 3, 30, 10, ps.floorStateOfCharge(), 0, false, false, 1);
        assertEquals(0, g.decide(atFloor).dutyCycle());
    }

    @Test
    void inSunlightTheArrayRechargesTheBatteryByTheNextEclipse() {
        PowerSystem ps = PowerSystem.sizedFor(5, leo);
        BudgetGovernor g = governor(50, 90, ps);
        Telemetry tel = sunlit(100, 30, 0.8, false);
        double expected = ps.solarArrayW() - 0.2 * ps.capacityJ() / ps.chargeEfficiency() / (leo.sunlitS() - 100);
        assertEquals(expected, g.allowedPowerW(tel), 1e-9);
    }
}
