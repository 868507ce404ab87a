package io.radinfer.faults.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    // Reference values computed from the closed form with z = 1.959963984540054 (scipy.stats.norm.ppf(0.975)).

    @Test
    void zeroOf2000HasUpperBoundZSquaredOverNPlusZSquared() {
        Interval ci = WilsonInterval.of(0, 2000, 0.95);
        assertEquals(0.0, ci.lower());
        assertEquals(0.001917047281252934, ci.upper(), 1e-12);
    }

    @Test
    void fiveOf100MatchesKnownInterval() {
        Interval ci = WilsonInterval.of(5, 100, 0.95);
        assertEquals(0.02154367915436796, ci.lower(), 1e-12);
        assertEquals(0.11175046923191913, ci.upper(), 1e-12);
    }

    @Test
    void fiftyOf100IsSymmetricAroundOneHalf() {
        Interval ci = WilsonInterval.of(50, 100, 0.95);
        assertEquals(0.4038315303659956, ci.lower(), 1e-12);
        assertEquals(0.5961684696340044, ci.upper(), 1e-12);
    }

    @Test
    void allSuccessesGiveUpperBoundOne() {
        Interval ci = WilsonInterval.of(10, 10, 0.95);
        assertEquals(1.0, ci.upper());
        assertTrue(ci.lower() > 0.6 && ci.lower() < 0.8, "lower bound " + ci.lower());
    }

    @Test
    void higherConfidenceGivesWiderInterval() {
        assertTrue(WilsonInterval.of(7, 300, 0.99).width() > WilsonInterval.of(7, 300, 0.95).width());
    }

    @Test
    void rejectsImpossibleCountsAndLevels() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(11, 10, 0.95));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(-1, 10, 0.95));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 10, 1.0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 10, 95));
    }
}
