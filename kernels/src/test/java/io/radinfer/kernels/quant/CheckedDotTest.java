package io.radinfer.kernels.quant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckedDotTest {

    @Test
    void packKeepsTheFloatBitsAndTheIntegerSumApart() {
        float[] values = {0f, -0f, 1.5f, -3.25e-7f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7fc0_0001)};
        int[] sums = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x8000_0001};
        for (float v : values) {
            for (int s : sums) {
                long p = CheckedDot.pack(v, s);
                assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(CheckedDot.value(p)), v + " with " + s);
                assertEquals(s, CheckedDot.integerSum(p), v + " with " + s);
            }
        }
    }
}
