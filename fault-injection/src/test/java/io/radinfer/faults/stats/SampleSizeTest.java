package io.radinfer.faults.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleSizeTest {

    @Test
    void unboundedFaultSpaceAtOnePercentAnd95IsTheClassic9604() {
        // t = 1.96, p = 0.5: 1.96² x 0.25 / 0.01² = 9604, the figure Leveugle et al. quote for large N.
        assertEquals(9604, SampleSize.leveugle(0.01, 0.95, Double.POSITIVE_INFINITY));
    }

    // The same formula is the finite-population sample size of Krejcie & Morgan (Educational and Psychological
    // Measurement 30, 1970), whose published table gives these sizes at e = 5%, 95% confidence, p = 0.5.
    @ParameterizedTest
    @CsvSource({"100, 80", "1000, 278", "10000, 370"})
    void matchesPublishedFinitePopulationTable(double population, long expected) {
        assertEquals(expected, SampleSize.leveugle(0.05, 0.95, population));
    }

    @Test
    void handComputedValues() {
        // N / (1 + e²(N-1)/(t² p(1-p))) with t = 1.959964: 1e6 -> 9512.30, 1e4 -> 4899.16.
        assertEquals(9513, SampleSize.leveugle(0.01, 0.95, 1e6));
        assertEquals(4900, SampleSize.leveugle(0.01, 0.95, 10_000));
        // t = 2.575829 at 99%: 1e6 -> 16316.6.
        assertEquals(16317, SampleSize.leveugle(0.01, 0.99, 1e6));
    }

    @Test
    void neverExceedsThePopulation() {
        assertEquals(5, SampleSize.leveugle(0.001, 0.99, 5));
        assertEquals(1, SampleSize.leveugle(0.01, 0.95, 1));
    }

    @Test
    void smallerAssumedProportionNeedsFewerInjections() {
        assertEquals(3458, SampleSize.leveugle(0.01, 0.95, Double.POSITIVE_INFINITY, 0.1));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SampleSize.leveugle(0, 0.95, 1e6));
        assertThrows(IllegalArgumentException.class, () -> SampleSize.leveugle(1.5, 0.95, 1e6));
        assertThrows(IllegalArgumentException.class, () -> SampleSize.leveugle(0.01, 1, 1e6));
        assertThrows(IllegalArgumentException.class, () -> SampleSize.leveugle(0.01, 0.95, 0));
        assertThrows(IllegalArgumentException.class, () -> SampleSize.leveugle(0.01, 0.95, Double.NaN));
    }
}
