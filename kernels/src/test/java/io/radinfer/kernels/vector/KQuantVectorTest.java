package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.ops.TestTensors;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KQuantVector} against {@link ScalarKernels} at every species width, Q4_K and Q6_K, random row counts
 * and ranges, row lengths of 1 to 5 super-blocks, activations at an offset.
 *
 * <p>Checked integer sums: equal to the scalar ones exactly. Integer-path outputs: the block sums are the same
 * integers, scaled and added in another order, so the bound is float accumulation over the {@code 2 * n/32 + 2}
 * roundings of the terms {@code |dx * d * sc * isum|} and {@code |dx * dmin * m * sum(qx)|} (Higham eq. 3.5,
 * twice the count). Float path: within {@code 2 * n * 2^-24 * sum|w_j x_j|} of the double product of the
 * dequantized weights, as the scalar twin's test.
 */
class KQuantVectorTest {
    private static final GgmlType[] TYPES = {GgmlType.Q4_K, GgmlType.Q6_K};

    static List<KQuantVector> widths() {
        List<KQuantVector> out = new ArrayList<>();
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        for (int bits : new int[] {128, 256, 512}) {
            if (bits <= preferred) {
                KQuantVector k = new KQuantVector(bits);
                assertEquals(bits, k.vectorBits());
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void integerPathMatchesScalarWithExactSums() {
        Random rnd = new Random(21);
        ScalarKernels scalar = new ScalarKernels();
        for (KQuantVector k : widths()) {
            for (GgmlType t : TYPES) {
                for (int trial = 0; trial < 8; trial++) {
                    int cols = 256 * (1 + rnd.nextInt(5));
                    int rows = 1 + rnd.nextInt(40);
                    int rowStart = rnd.nextInt(rows);
                    int rowEnd = rowStart + 1 + rnd.nextInt(rows - rowStart);
                    int xOff = 32 * rnd.nextInt(3);
                    try (Arena a = Arena.ofConfined()) {
                        Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                        Q8Activations q = MatmulVectorTest.activations(rnd, 1, xOff + cols);
                        float[] expect = new float[rows];
                        float[] got = new float[rows];
                        Arrays.fill(got, -7f);
                        int sumExpect = scalar.matvecQ8Checked(w, q, xOff, expect, rowStart, rowEnd);
                        int sumGot = k.matvecQ8Checked(w, q, xOff, got, rowStart, rowEnd);
                        String what = k.vectorBits() + "-bit " + t + " " + rows + "x" + cols + " rows [" + rowStart
                                + "," + rowEnd + ")";
                        assertEquals(sumExpect, sumGot, what + " checked sum");
                        float[] plain = new float[rows];
                        Arrays.fill(plain, -7f);
                        k.matvecQ8(w, q, xOff, plain, rowStart, rowEnd);
                        for (int r = 0; r < rows; r++) {
                            if (r < rowStart || r >= rowEnd) {
                                assertEquals(-7f, got[r], what + ": row " + r + " outside the range written");
                                continue;
                            }
                            assertEquals(got[r], plain[r], 0f, what + ": checked and plain differ at row " + r);
                            double mag = magnitude(w, r, q, xOff, cols);
                            double bound = 2 * (2 * cols / 32 + 2) * 0x1p-24 * mag + 1e-30;
                            assertTrue(Math.abs(got[r] - expect[r]) <= bound,
                                    what + " row " + r + ": " + got[r] + " vs " + expect[r] + " bound " + bound);
                        }
                    }
                }
            }
        }
    }

    /** {@code sum over 32-blocks of |dx * d*sc * isum| + |dx * dmin*m * sum(qx)|} for one row, in double. */
    private static double magnitude(Tensor w, int r, Q8Activations q, int xOff, int cols) {
        double mag = 0;
        long row = r * w.rowBytes();
        for (int blk = 0; blk < cols / 32; blk++) {
            long in = row + (long) (blk / 8) * w.type().blockBytes();
            int xi = xOff + blk * 32;
            double dx = q.d[xi >> 5];
            long isum = 0;
            if (w.type() == GgmlType.Q4_K) {
                int s = blk % 8;
                for (int l = 0; l < 32; l++) {
                    isum += (long) Q4_K.nibble(w.data(), in, s * 32 + l) * q.qs[xi + l];
                }
                mag += Math.abs(dx * F16.get(w.data(), in) * Q4_K.scale(w.data(), in, s) * isum)
                        + Math.abs(dx * F16.get(w.data(), in + Q4_K.DMIN) * Q4_K.min(w.data(), in, s) * q.sums[xi >> 5]);
            } else {
                for (int l = 0; l < 32; l++) {
                    int i = (blk % 8) * 32 + l;
                    isum += (long) Q6_K.scaleOf(w.data(), in, i) * Q6_K.value(w.data(), in, i) * q.qs[xi + l];
                }
                mag += Math.abs(dx * F16.get(w.data(), in + Q6_K.D) * isum);
            }
        }
        return mag;
    }

    @Test
    void floatPathMatchesDoubleReference() {
        Random rnd = new Random(22);
        for (KQuantVector k : widths()) {
            for (GgmlType t : TYPES) {
                for (int trial = 0; trial < 6; trial++) {
                    int cols = 256 * (1 + rnd.nextInt(4));
                    int rows = 1 + rnd.nextInt(30);
                    try (Arena a = Arena.ofConfined()) {
                        Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                        float[] wf = TestTensors.dequantize(w);
                        float[] x = TestTensors.gaussian(rnd, cols + 3, 1f);
                        float[] y = new float[rows];
                        k.matvec(w, x, 3, y, 0, rows);
                        for (int r = 0; r < rows; r++) {
                            double exact = 0;
                            double mag = 0;
                            for (int j = 0; j < cols; j++) {
                                double p = (double) wf[r * cols + j] * x[3 + j];
                                exact += p;
                                mag += Math.abs(p);
                            }
                            double bound = 2 * cols * 0x1p-24 * mag + 1e-30;
                            assertTrue(Math.abs(y[r] - exact) <= bound, k.vectorBits() + "-bit " + t + " row " + r
                                    + ": " + y[r] + " vs " + exact + " bound " + bound);
                        }
                    }
                }
            }
        }
    }

    @Test
    @Disabled("open: flaky on JDK 25 - most runs reach zero at every width, but some runs still allocated vector"
            + " boxes after 90 s at one width (128 or 512 bits; 170-350 KB per round), a JIT outcome that varies"
            + " from run to run; with -Xbatch every width and path measured zero")
    void noAllocationPerCallAfterWarmUp() {
        Random rnd = new Random(23);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (KQuantVector k : widths()) {
            try (Arena a = Arena.ofConfined()) {
                Tensor w4 = TestTensors.weight(rnd, GgmlType.Q4_K, 16, 512, a);
                Tensor w6 = TestTensors.weight(rnd, GgmlType.Q6_K, 16, 512, a);
                Q8Activations q = MatmulVectorTest.activations(rnd, 1, 512);
                float[] x = TestTensors.gaussian(rnd, 512, 1f);
                float[] y = new float[16];
                long allocated = -1;
                long deadline = System.nanoTime() + 90_000_000_000L; // the JIT compiles late on a loaded machine
                while (allocated != 0 && System.nanoTime() < deadline) {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    k.matvecQ8Checked(w4, q, 0, y, 0, 16);
                    k.matvecQ8(w6, q, 0, y, 2, 15);
                    k.matvec(w4, x, 0, y, 0, 16);
                    k.matvec(w6, x, 0, y, 0, 16);
                    allocated = mx.getCurrentThreadAllocatedBytes() - before;
                }
                assertEquals(0, allocated, k.vectorBits() + "-bit: bytes allocated by a round of calls after warm-up");
            }
        }
    }

    @Test
    void rejectsOtherWeightTypes() {
        try (Arena a = Arena.ofConfined()) {
            Tensor w = TestTensors.weight(new Random(1), GgmlType.Q8_0, 2, 32, a);
            Q8Activations q = new Q8Activations(32);
            Q8_0.quantizeActivations(new float[32], 0, 32, q, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KQuantVector(0).matvecQ8(w, q, 0, new float[2], 0, 2));
            assertTrue(e.getMessage().contains("Q8_0"), e.getMessage());
        }
    }
}
