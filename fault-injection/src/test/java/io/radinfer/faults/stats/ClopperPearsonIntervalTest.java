package io.radinfer.faults.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ClopperPearsonIntervalTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 10, 100, 2000, 1_000_000})
    void zeroSuccessesHaveClosedFormUpperBound(long n) {
        Interval ci = ClopperPearsonInterval.of(0, n, 0.95);
        assertEquals(0.0, ci.lower());
        assertEquals(1 - Math.pow(0.025, 1.0 / n), ci.upper(), 1e-9 * Math.max(1, ci.upper()));
    }

    @Test
    void allSuccessesMirrorTheZeroCase() {
        Interval ci = ClopperPearsonInterval.of(40, 40, 0.95);
        assertEquals(1.0, ci.upper());
        assertEquals(Math.pow(0.025, 1.0 / 40), ci.lower(), 1e-9);
    }

    // Reference values: scipy.stats.beta.ppf(0.025, k, n-k+1) and beta.ppf(0.975, k+1, n-k).
    @Test
    void fiveOf100MatchesBetaQuantiles() {
        Interval ci = ClopperPearsonInterval.of(5, 100, 0.95);
        assertEquals(0.016431879182052155, ci.lower(), 1e-9);
        assertEquals(0.11283491110546275, ci.upper(), 1e-9);
    }

    @Test
    void fiftyOf100MatchesBetaQuantiles() {
        Interval ci = ClopperPearsonInterval.of(50, 100, 0.95);
        assertEquals(0.39832112950330095, ci.lower(), 1e-9);
        assertEquals(0.601678870496699, ci.upper(), 1e-9);
    }

    // At k = 0 the exact upper bound 1-(alpha/2)^(1/n) is slightly below Wilson's z²/(n+z²); for interior
    // counts the exact interval is the conservative (wider) one.
    @Test
    void isWiderThanWilsonForInteriorCounts() {
        for (long k : new long[] {1, 3, 17, 50, 199}) {
            Interval cp = ClopperPearsonInterval.of(k, 200, 0.95);
            Interval wilson = WilsonInterval.of(k, 200, 0.95);
            assertTrue(cp.width() >= wilson.width(), "k=" + k);
            assertTrue(cp.contains(k / 200.0));
        }
    }
}
