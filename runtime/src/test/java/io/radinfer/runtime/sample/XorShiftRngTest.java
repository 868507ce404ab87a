package io.radinfer.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class XorShiftRngTest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MULTIPLIER = new BigInteger("2545F4914F6CDD1D", 16);

    /**
     * run.c's random_u32 in unsigned 64-bit arithmetic, written with BigInteger so that it shares no code
     * (and no signed-shift pitfalls) with the class under test.
     */
    private static final class Reference {
        BigInteger state;

        Reference(long seed) {
            state = BigInteger.valueOf(seed).mod(MOD);
        }

        long nextU32() {
            state = state.xor(state.shiftRight(12));
            state = state.xor(state.shiftLeft(25)).mod(MOD);
            state = state.xor(state.shiftRight(27));
            return state.multiply(MULTIPLIER).mod(MOD).shiftRight(32).longValueExact();
        }
    }

    @Test
    void firstOutputsForSeed42MatchUnsignedReference() {
        XorShiftRng rng = new XorShiftRng(42);
        Reference ref = new Reference(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(ref.nextU32(), Integer.toUnsignedLong(rng.nextU32()), "draw " + i);
        }
    }

    @Test
    void floatsAreTheTop24BitsOverTwoTo24() {
        XorShiftRng rng = new XorShiftRng(7);
        Reference ref = new Reference(7);
        for (int i = 0; i < 1000; i++) {
            float expected = (float) ((ref.nextU32() >>> 8) / 16777216.0);
            float actual = rng.nextF32();
            assertEquals(expected, actual, 0.0f, "draw " + i);
            assertEquals(true, actual >= 0.0f && actual < 1.0f);
        }
    }

    @Test
    void negativeSeedIsTheSameBitsAsRunCsUnsignedConversion() {
        // run.c reads -s with atoi and stores it in an unsigned long long: -5 becomes 2^64 - 5.
        XorShiftRng rng = new XorShiftRng(-5);
        Reference ref = new Reference(-5);
        for (int i = 0; i < 100; i++) {
            assertEquals(ref.nextU32(), Integer.toUnsignedLong(rng.nextU32()));
        }
    }

    @Test
    void zeroSeedIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new XorShiftRng(0));
    }
}
