package io.radinfer.hw.orbit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrbitTest {

    @Test
    void fiveHundredKilometresMatchesTheFormulas() {
        Orbit o = Orbit.circular("leo-500", 500, 51.6, 0);
        assertEquals(94.6, o.periodS() / 60, 0.05);
        assertEquals(35.7, o.eclipseS() / 60, 0.1);
        double a = 6378.137 + 500;
        assertEquals(2 * Math.PI * Math.sqrt(a * a * a / 398600.4418), o.periodS(), 1e-9);
        double f = Math.toDegrees(Math.acos(Math.sqrt(500.0 * 500 + 2 * 6378.137 * 500) / a)) / 180;
        assertEquals(f, o.eclipseFraction(), 1e-12);
    }

    @Test
    void aHighBetaAngleMeansNoEclipse() {
        Orbit low = Orbit.circular("x", 500, 97, 60);
        assertTrue(low.eclipseFraction() > 0, "beta 60 deg is below beta* = 68 deg at 500 km");
        assertEquals(0, Orbit.circular("dawn-dusk", 500, 97.4, 80).eclipseFraction());
        assertTrue(Orbit.circular("b30", 500, 97, 30).eclipseS() < Orbit.circular("b0", 500, 97, 0).eclipseS());
        assertTrue(Orbit.circular("dawn-dusk", 500, 97.4, 80).at(4000).sunlit());
    }

    @Test
    void geostationaryEclipseIsAboutSeventyMinutes() {
        Orbit geo = Orbit.builtIn("geo");
        assertEquals(23.93, geo.periodS() / 3600, 0.01);
        assertEquals(69.5, geo.eclipseS() / 60, 0.5);
        assertFalse(geo.crossesSaa());
    }

    @Test
    void eachOrbitStartsSunlitEndsInEclipseAndHasOneSaaPass() {
        Orbit o = Orbit.builtIn("leo-550");
        double sunlit = 0;
        double eclipse = 0;
        double saa = 0;
        for (int t = 0; t < (int) o.periodS(); t++) {
            OrbitState s = o.at(t);
            if (s.sunlit()) {
                sunlit++;
                assertEquals(o.sunlitS() - t, s.secondsToEclipse(), 1e-9);
            } else {
                eclipse++;
                assertEquals(o.periodS() - t, s.secondsToSunlight(), 1e-9);
            }
            if (s.inSaa()) {
                saa++;
                assertTrue(s.sunlit());
                assertEquals(30, s.radiationLevel());
            } else {
                assertEquals(1, s.radiationLevel());
            }
        }
        assertEquals(o.eclipseS(), eclipse, 2);
        assertEquals(o.sunlitS(), sunlit, 2);
        assertEquals(600, saa, 1);
        assertTrue(o.at(0).sunlit());
        assertEquals(1, o.at(o.periodS() + 1).orbitNumber());
    }

    @Test
    void builtInsAndBadInputs() {
        assertEquals(4, Orbit.names().size());
        assertThrows(IllegalArgumentException.class, () -> Orbit.builtIn("leo-9000"));
        assertThrows(IllegalArgumentException.class, () -> Orbit.circular("x", 50, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Orbit.circular("x", 500, 0, 95));
        assertThrows(IllegalArgumentException.class, () -> Orbit.builtIn("leo-550").at(-1));
    }
}
