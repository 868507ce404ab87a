package io.radinfer.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JlamaKernelStateTest {

    /**
     * The constructor checks Jlama's product against a double-precision W x of the same floats (first and last
     * vector of the batch): constructing it on a small shape, split over two threads, is the test that the
     * benchmark's call into Jlama computes what radinfer's does. (Jlama's Q4 kernel needs rows of a multiple of 512
     * values.)
     */
    @Test
    void jlamaProductsMatchAReferenceProduct() {
        for (String type : new String[] {"F32", "Q4_0"}) {
            for (int batch : new int[] {1, 3}) {
                try (JlamaKernelState s = new JlamaKernelState(type, "96x1024", batch, 2)) {
                    assertTrue(Float.isFinite(s.run()));
                }
            }
        }
    }

    @Test
    void eightBitWeightsAreRefusedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> new JlamaKernelState("Q8_0", "32x32", 1, 1));
        assertTrue(e.getMessage().contains("Q8_0"), e.getMessage());
    }

    @Test
    void radinferSideComputesTheProduct() {
        try (KernelState s = new KernelState("Q8_0/int", "48x64", 2, 2, BenchSupport.kernels("scalar"))) {
            s.run();
            float[] x = BenchSupport.randomVector(64 * 2, 7);
            float[] row = new float[64];
            for (int b = 0; b < 2; b++) {
                for (int r = 0; r < 48; r++) {
                    io.radinfer.kernels.quant.Codec.dequantizeRow(s.type, s.w.data(), r * s.w.rowBytes(), row, 0, 64);
                    double ref = 0;
                    for (int i = 0; i < 64; i++) {
                        ref += row[i] * x[b * 64 + i];
                    }
                    // Q8 rounding of the activations: a few hundredths on sums of this size.
                    assertTrue(Math.abs(s.y[b * 48 + r] - ref) < 0.1, "row " + r + " vector " + b + ": " + s.y[b * 48 + r] + " vs " + ref);
                }
            }
        }
    }
}
