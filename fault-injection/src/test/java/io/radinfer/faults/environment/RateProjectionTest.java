package io.radinfer.faults.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.radinfer.faults.stats.Proportion;
import org.junit.jupiter.api.Test;

class RateProjectionTest {
    private static final RadiationEnvironment SSO = Environments.builtIn().byName("sso-700");

    @Test
    void expectedSdcsPerDayAreRateTimesBitsTimesProbability() {
        long bits = 8L * 1_000_000; // 1 MB of weights
        Proportion sdc = Proportion.of(50, 1000);
        Proportion due = Proportion.of(10, 1000);
        RateProjection p = RateProjection.of(SSO, sdc, due, bits);
        double upsets = 4.04e-7 * bits; // 3.232 upsets per day
        assertEquals(upsets, p.upsetsPerDay(), 1e-12);
        assertEquals(upsets * 0.05, p.sdcPerDay(), 1e-12);
        assertEquals(upsets * sdc.ci95().lower(), p.sdcPerDayCi95()[0], 1e-12);
        assertEquals(upsets * sdc.ci95().upper(), p.sdcPerDayCi95()[1], 1e-12);
        assertEquals(1 / (upsets * 0.05), p.mtbSdcDays(), 1e-9);
        assertEquals(1 / p.sdcPerDayCi95()[1], p.mtbSdcDaysCi95()[0], 1e-9);
        assertEquals(upsets * 0.01, p.duePerDay(), 1e-12);
        // The range widens the interval by the source's rate spread [4.04e-7, 1e-6].
        assertEquals(1e-6 * bits * sdc.ci95().upper(), p.sdcPerDayRange()[1], 1e-12);
        assertEquals(p.sdcPerDayCi95()[0], p.sdcPerDayRange()[0], 1e-12);
    }

    @Test
    void timeFractionScalesThePassRate() {
        RadiationEnvironment saa = Environments.builtIn().byName("saa-pass");
        RateProjection p = RateProjection.of(saa, Proportion.of(1, 10), Proportion.of(0, 10), 1000);
        assertEquals(saa.upsetsPerBitDay() * 0.15 * 1000, p.upsetsPerDay(), 1e-15);
    }

    @Test
    void noObservedSdcMeansAnUnboundedMeanTimeButABoundedWorstCase() {
        RateProjection p = RateProjection.of(SSO, Proportion.of(0, 2000), Proportion.of(0, 2000), 1_000_000);
        assertEquals(0.0, p.sdcPerDay());
        assertNull(p.mtbSdcDays());
        assertNull(p.mtbSdcDaysCi95()[1]);
        // Wilson's upper bound for 0/2000 still gives a shortest plausible mean time between SDCs.
        assertEquals(1 / (4.04e-7 * 1_000_000 * 0.001917047281252934), p.mtbSdcDaysCi95()[0], 1e-6);
    }

    @Test
    void rejectsAnEmptyMemory() {
        assertThrows(IllegalArgumentException.class,
                () -> RateProjection.of(SSO, Proportion.of(0, 1), Proportion.of(0, 1), 0));
    }
}
