package io.radinfer.hw.thermal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepWiseThrottleTest {

    @Test
    void stepsDownOneStatePerPollWhileHotAndNotFalling() {
        StepWiseThrottle t = new StepWiseThrottle(new double[] {80, 87}, 5, 96, 3);
        t.poll(70);
        assertEquals(3, t.maxState());
        assertFalse(t.throttling());
        t.poll(81);
        assertEquals(2, t.maxState());
        t.poll(82);
        assertEquals(1, t.maxState());
        t.poll(81.5);
        assertEquals(1, t.maxState(), "falling: hold");
        t.poll(81.5);
        assertEquals(0, t.maxState());
        t.poll(90);
        assertEquals(0, t.maxState(), "never below the lowest state");
        assertTrue(t.throttling());
    }

    @Test
    void releasesOnlyBelowTheTripMinusHysteresis() {
        StepWiseThrottle t = new StepWiseThrottle(new double[] {80}, 5, 96, 2);
        t.poll(85);
        t.poll(85);
        assertEquals(0, t.maxState());
        t.poll(77);
        assertEquals(0, t.maxState(), "inside the hysteresis band: still active, falling: hold");
        t.poll(77);
        assertEquals(0, t.maxState(), "inside the band and not falling: still throttling");
        t.poll(74);
        assertEquals(1, t.maxState());
        t.poll(74);
        assertEquals(2, t.maxState());
        assertFalse(t.throttling());
    }

    @Test
    void haltsAtCriticalUntilCooledByTheHysteresis() {
        StepWiseThrottle t = new StepWiseThrottle(new double[] {80, 87}, 5, 96, 2);
        t.poll(96);
        assertTrue(t.halted());
        t.poll(92);
        assertTrue(t.halted());
        t.poll(90.9);
        assertFalse(t.halted());
    }

    @Test
    void tripsMustAscendBelowCritical() {
        assertThrows(IllegalArgumentException.class, () -> new StepWiseThrottle(new double[] {87, 80}, 5, 96, 2));
        assertThrows(IllegalArgumentException.class, () -> new StepWiseThrottle(new double[] {80, 97}, 5, 96, 2));
        assertThrows(IllegalArgumentException.class, () -> new StepWiseThrottle(new double[] {}, 5, 96, 2));
    }
}
