package io.radinfer.runtime.governor;

import io.radinfer.runtime.protect.ProtectionPreset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GovernorTest {

    @Test
    void javadocExampleGovernorRaisesProtectionInSaaAndHalvesDutyWhenHot() {
        Governor g = t -> {
            ProtectionPreset p = t.inSaa() ? ProtectionPreset.TMR : ProtectionPreset.CHECKSUM;
            double duty = t.temperatureC() > 80 ? 0.5 : 1.0;
            return new OperatingPoint(2, 0, p, duty, false);
        };
        OperatingPoint hot = g.decide(new Telemetry(0, 4.2, 85, 20, 0.9, 3.1, true, true, 12));
        assertEquals(ProtectionPreset.TMR, hot.protection());
        assertEquals(0.5, hot.dutyCycle());
        OperatingPoint cool = g.decide(new Telemetry(60, 4.2, 40, 20, 0.9, 3.1, true, false, 1));
        assertEquals(ProtectionPreset.CHECKSUM, cool.protection());
        assertEquals(1.0, cool.dutyCycle());
    }

    @Test
    void fixedGovernorAlwaysAnswersItsPoint() {
        OperatingPoint p = new OperatingPoint(1, 2, ProtectionPreset.NONE, 1, false);
        Governor g = Governor.fixed(p);
        assertSame(p, g.decide(new Telemetry(0, 0, 20, Double.NaN, Double.NaN, 0, false, false, 1)));
        assertSame(p, g.decide(new Telemetry(5, 9, 90, 30, 0.2, 7, true, true, 50)));
    }

    @Test
    void pauseKeepsTheDutyCycle() {
        OperatingPoint quarter = new OperatingPoint(1, 0, ProtectionPreset.NONE, 0.25, false);
        assertEquals(3_000_000L, quarter.pauseNanosAfter(1_000_000L));
        assertEquals(0L, quarter.withDutyCycle(1).pauseNanosAfter(1_000_000L));
        assertEquals(Long.MAX_VALUE, quarter.withDutyCycle(0).pauseNanosAfter(1_000_000L));
    }

    @Test
    void impossibleValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(0, 0, ProtectionPreset.NONE, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(1, -1, ProtectionPreset.NONE, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(1, 0, ProtectionPreset.NONE, 1.5, false));
        assertThrows(NullPointerException.class, () -> new OperatingPoint(1, 0, null, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new Telemetry(0, -1, 20, 20, 1, 0, true, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new Telemetry(0, 1, Double.NaN, 20, 1, 0, true, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new Telemetry(0, 1, 20, 20, 1.2, 0, true, false, 1));
        Telemetry unknownBattery = new Telemetry(0, 1, 20, Double.NaN, Double.NaN, 0, true, false, 1);
        assertFalse(unknownBattery.hasBattery());
        assertTrue(new Telemetry(0, 1, 20, 20, 0.5, 0, true, false, 1).hasBattery());
    }
}
