package io.radinfer.kernels.quant;

import io.radinfer.kernels.ops.TestTensors;
import io.radinfer.kernels.tensor.GgmlType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quantize then dequantize stays within each format's rounding bound. */
class QuantErrorTest {

    @Test
    void roundTripErrorIsWithinEachFormatsBound() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            int n = 32 * (1 + rnd.nextInt(20));
            float[] x = TestTensors.gaussian(rnd, n, (float) Math.pow(10, rnd.nextInt(7) - 3));
            for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment s = a.allocate(t.rowBytes(n));
                    Codec.quantizeRow(t, x, 0, n, s, 0);
                    float[] y = new float[n];
                    Codec.dequantizeRow(t, s, 0, y, 0, n);
                    for (int b = 0; b < n / 32; b++) {
                        float amax = 0;
                        for (int j = 0; j < 32; j++) {
                            amax = Math.max(amax, Math.abs(x[b * 32 + j]));
                        }
                        for (int j = 0; j < 32; j++) {
                            int i = b * 32 + j;
                            float err = Math.abs(x[i] - y[i]);
                            assertTrue(err <= bound(t, x[i], amax), t + " value " + i + ": " + x[i] + " -> " + y[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * Half a quantization step plus the largest quant times the f16 rounding error of the scale, for the
     * block formats; half an ulp for the float formats.
     */
    private static float bound(GgmlType t, float v, float amax) {
        return switch (t) {
            case F32 -> 0f;
            case F16 -> Math.abs(v) * 0x1p-11f + 0x1p-25f;
            case BF16 -> Math.abs(v) * 0x1p-8f;
            case Q8_0 -> amax / 127f * 0.5f + 127 * scaleError(amax / 127f);
            // The extreme of the other sign than max saturates at nibble 15 (7 steps instead of 8), so
            // values beyond 7.5 steps can be off by up to one whole step.
            case Q4_0 -> amax / 8f * (Math.abs(v) > amax * 7.5f / 8f ? 1f : 0.5f) + 8 * scaleError(amax / 8f);
            default -> throw new IllegalArgumentException();
        };
    }

    /** f16 rounding error of a scale {@code d}: half an ulp, which is 2^-25 absolute below 2^-14 (subnormals). */
    private static float scaleError(float d) {
        return Math.max(d * 0x1p-11f, 0x1p-25f);
    }

    @Test
    void activationQuantizationMatchesTheWeightQuantizer() {
        Random rnd = new Random(2);
        int n = 32 * 9;
        float[] x = TestTensors.gaussian(rnd, n, 3f);
        Q8Activations qa = new Q8Activations(n);
        Q8_0.quantizeActivations(x, 0, n, qa, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(GgmlType.Q8_0.rowBytes(n));
            Q8_0.quantizeRow(x, 0, n, s, 0);
            for (int b = 0; b < n / 32; b++) {
                assertEquals(F16.get(s, b * 34L), qa.d[b], "scale " + b);
                int sum = 0;
                for (int j = 0; j < 32; j++) {
                    byte q = s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b * 34L + 2 + j);
                    assertEquals(q, qa.qs[b * 32 + j]);
                    sum += q;
                }
                assertEquals(sum, qa.sums[b]);
            }
        }
    }
}
