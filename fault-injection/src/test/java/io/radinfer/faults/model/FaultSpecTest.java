package io.radinfer.faults.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultSpecTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new BitFlip(), FaultSpec.parse("bitflip"));
        assertEquals(new MultiBitUpset(2, MultiBitUpset.Layout.WORD), FaultSpec.parse("mbu:2"));
        assertEquals(new MultiBitUpset(3, MultiBitUpset.Layout.BYTES), FaultSpec.parse("MBU:3:bytes"));
        assertEquals(new StuckAt(StuckAt.Value.EITHER), FaultSpec.parse("stuck-at"));
        assertEquals(new StuckAt(StuckAt.Value.ONE), FaultSpec.parse(" stuck-at:1 "));
        assertEquals(new Burst(16), FaultSpec.parse("burst:16"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bitflip", "mbu:4", "mbu:2:bytes", "stuck-at", "stuck-at:0", "burst:8"})
    void cliNameRoundTrips(String spec) {
        assertEquals(spec, FaultSpec.parse(spec).cliName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "flip", "mbu", "mbu:x", "mbu:1", "mbu:65", "mbu:2:words", "burst:0", "burst:5000",
            "stuck-at:2", "bitflip:3", "burst:-1"})
    void rejectsBadSpecsWithTheInputInTheMessage(String spec) {
        FaultSpecException e = assertThrows(FaultSpecException.class, () -> FaultSpec.parse(spec));
        assertTrue(e.getMessage().startsWith("'" + spec + "'"), e.getMessage());
        assertEquals(spec, e.input());
    }

    @Test
    void rangeErrorsSayTheRange() {
        FaultSpecException e = assertThrows(FaultSpecException.class, () -> FaultSpec.parse("mbu:99"));
        assertTrue(e.getMessage().contains("between 2 and 64"), e.getMessage());
    }

    @Test
    void targetsAndRestrictionsParseTheirCliNames() {
        assertEquals(Target.KV_CACHE, Target.parse("kv-cache"));
        assertEquals(BitRestriction.EXPONENT, BitRestriction.parse("Exponent"));
        assertThrows(FaultSpecException.class, () -> Target.parse("kv"));
        assertThrows(FaultSpecException.class, () -> BitRestriction.parse("high"));
    }
}
