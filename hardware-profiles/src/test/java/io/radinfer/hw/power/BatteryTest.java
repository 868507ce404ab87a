package io.radinfer.hw.power;

import io.radinfer.hw.orbit.Orbit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatteryTest {
    private static final PowerSystem PS = new PowerSystem(10, 20, 0.3, 0.95, 0.9, 0.5);

    @Test
    void surplusChargesWithLossesAndTheRestIsShunted() {
        Battery b = new Battery(PS);
        EnergyFlow f = b.step(4, true, 100);
        assertEquals(400, f.solarToLoadJ(), 1e-9);
        assertEquals(600, f.busToBatteryJ(), 1e-9);
        assertEquals(570, f.storedChangeJ(), 1e-9);
        assertEquals(0.5 + 570 / 72000.0, b.stateOfCharge(), 1e-12);
        Battery full = new Battery(new PowerSystem(10, 20, 0.3, 0.95, 0.9, 1.0));
        EnergyFlow g = full.step(4, true, 100);
        assertEquals(600, g.shuntedJ(), 1e-9);
        assertEquals(1.0, full.stateOfCharge(), 0);
    }

    @Test
    void deficitDrawsMoreThanItDeliversAndEmptyMeansBrownout() {
        Battery b = new Battery(PS);
        EnergyFlow f = b.step(9, false, 100);
        assertEquals(900, f.batteryToLoadJ(), 1e-9);
        assertEquals(-1000, f.storedChangeJ(), 1e-9);
        assertFalse(f.brownout());
        Battery small = new Battery(new PowerSystem(0, 0.01, 0.3, 0.95, 0.9, 1.0));
        EnergyFlow g = small.step(1, false, 100);
        assertTrue(g.brownout());
        assertEquals(36 * 0.9 / 100, g.deliveredW(), 1e-12);
        assertEquals(0, small.stateOfCharge());
    }

    @Test
    void aSizedSystemCarriesTheBudgetThroughOneEclipseToTheFloor() {
        Orbit o = Orbit.builtIn("leo-550");
        PowerSystem ps = PowerSystem.sizedFor(5, o);
        assertEquals(5 * o.periodS(), ps.solarArrayW() * o.sunlitS(), 1e-6);
        Battery b = new Battery(ps);
        b.step(5, false, o.eclipseS());
        assertEquals(ps.floorStateOfCharge(), b.stateOfCharge(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new PowerSystem(1, 0, 0.3, 0.9, 0.9, 1));
        assertThrows(IllegalArgumentException.class, () -> PowerSystem.sizedFor(0, o));
    }
}
