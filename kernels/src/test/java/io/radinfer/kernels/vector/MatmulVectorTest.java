package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.ops.TestTensors;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MatmulVector} against {@link ScalarKernels} at every species width the machine has, on random shapes
 * with ragged tails: odd row ranges not aligned to the 4-row tile, batches 1..9 and 33 (partial column
 * vectors), row lengths that end inside a {@value MatmulVector#KC}-value slice.
 *
 * <p>Integer path: outputs and checked sums equal the scalar twin's bit for bit (same integers, same
 * roundings in the same order). Float path: within {@code 2 * n * 2^-24 * sum_j |w_j x_j|} of the product
 * computed in double from the dequantized weights (float accumulation of n terms, Higham eq. 3.5, twice).
 */
class MatmulVectorTest {
    private static final GgmlType[] INT_TYPES = {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K};
    private static final int[] BATCHES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 33};
    private final ScalarKernels scalar = new ScalarKernels();

    /** One kernel per width up to the platform's preferred one. */
    static List<MatmulVector> widths() {
        List<MatmulVector> out = new ArrayList<>();
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        for (int bits : new int[] {128, 256, 512}) {
            if (bits <= preferred) {
                MatmulVector m = new MatmulVector(bits);
                assertEquals(bits, m.vectorBits());
                out.add(m);
            }
        }
        assertEquals(preferred, new MatmulVector(0).vectorBits());
        return out;
    }

    private static int cols(Random rnd, GgmlType t) {
        // up to three 512-value slices, often ending inside one
        return t.blockSize() == 256 ? 256 * (1 + rnd.nextInt(5)) : 32 * (1 + rnd.nextInt(40));
    }

    @Test
    void integerPathEqualsScalarBitForBit() {
        Random rnd = new Random(11);
        for (MatmulVector m : widths()) {
            for (GgmlType t : INT_TYPES) {
                for (int batch : BATCHES) {
                    int cols = cols(rnd, t);
                    int rows = 1 + rnd.nextInt(90);
                    int rowStart = rnd.nextInt(rows);
                    int rowEnd = rowStart + 1 + rnd.nextInt(rows - rowStart);
                    int yStride = rows + rnd.nextInt(5);
                    try (Arena a = Arena.ofConfined()) {
                        Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                        Q8Activations q = activations(rnd, batch, cols);
                        float[] expect = new float[batch * yStride];
                        float[] got = new float[batch * yStride];
                        Arrays.fill(expect, -7f);
                        Arrays.fill(got, -7f);
                        scalar.matmulQ8(w, q, batch, expect, yStride, rowStart, rowEnd);
                        m.matmulQ8(w, q, batch, got, yStride, rowStart, rowEnd);
                        String what = m.vectorBits() + "-bit " + t + " " + rows + "x" + cols + " batch " + batch
                                + " rows [" + rowStart + "," + rowEnd + ")";
                        assertArrayEquals(expect, got, 0f, what);

                        int[] accExpect = new int[batch];
                        int[] accGot = new int[batch];
                        for (int b = 0; b < batch; b++) {
                            accExpect[b] = accGot[b] = rnd.nextInt();
                        }
                        Arrays.fill(got, -7f);
                        scalar.matmulQ8Checked(w, q, batch, expect, yStride, rowStart, rowEnd, accExpect);
                        m.matmulQ8Checked(w, q, batch, got, yStride, rowStart, rowEnd, accGot);
                        assertArrayEquals(expect, got, 0f, what + " checked");
                        assertArrayEquals(accExpect, accGot, what + " checked sums");
                    }
                }
            }
        }
    }

    @Test
    void floatPathMatchesDoubleReferenceForEveryType() {
        Random rnd = new Random(12);
        for (MatmulVector m : widths()) {
            for (GgmlType t : GgmlType.values()) {
                for (int batch : BATCHES) {
                    int cols = t.blockSize() == 1 ? 32 * (1 + rnd.nextInt(40)) : cols(rnd, t);
                    int rows = 1 + rnd.nextInt(70);
                    int rowStart = rnd.nextInt(rows);
                    int rowEnd = rowStart + 1 + rnd.nextInt(rows - rowStart);
                    try (Arena a = Arena.ofConfined()) {
                        Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                        float[] wf = TestTensors.dequantize(w);
                        float[] x = TestTensors.gaussian(rnd, batch * cols, 1f);
                        float[] y = new float[batch * rows];
                        Arrays.fill(y, -7f);
                        m.matmul(w, x, batch, y, rows, rowStart, rowEnd);
                        for (int b = 0; b < batch; b++) {
                            for (int r = 0; r < rows; r++) {
                                float v = y[b * rows + r];
                                if (r < rowStart || r >= rowEnd) {
                                    assertEquals(-7f, v, "row outside the range written");
                                    continue;
                                }
                                double exact = 0;
                                double mag = 0;
                                for (int j = 0; j < cols; j++) {
                                    double p = (double) wf[r * cols + j] * x[b * cols + j];
                                    exact += p;
                                    mag += Math.abs(p);
                                }
                                double bound = 2 * cols * 0x1p-24 * mag + 1e-30;
                                assertTrue(Math.abs(v - exact) <= bound, m.vectorBits() + "-bit " + t + " " + rows + "x"
                                        + cols + " batch " + batch + " row " + r + " col " + b + ": " + v + " vs "
                                        + exact + " bound " + bound);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Once the JIT has compiled the kernels (the interpreter boxes every vector), a call allocates nothing: some
     * round of calls within the budget must allocate zero bytes; a kernel that allocated per call never would.
     */
    @Test
    @Disabled("open: flaky on JDK 25 - most runs reach zero at every width, but some runs still allocated vector"
            + " boxes after 90 s at one width (128 or 512 bits; 170-350 KB per round), a JIT outcome that varies"
            + " from run to run; with -Xbatch every width and path measured zero")
    void noAllocationPerCallAfterWarmUp() {
        Random rnd = new Random(13);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (MatmulVector m : widths()) {
            try (Arena a = Arena.ofConfined()) {
                Tensor wq = TestTensors.weight(rnd, GgmlType.Q4_K, 19, 512, a);
                Tensor w6 = TestTensors.weight(rnd, GgmlType.Q6_K, 19, 512, a);
                Tensor wf = TestTensors.weight(rnd, GgmlType.F16, 19, 512, a);
                int batch = 33;
                Q8Activations q = activations(rnd, batch, 512);
                float[] x = TestTensors.gaussian(rnd, batch * 512, 1f);
                float[] y = new float[batch * 19];
                int[] acc = new int[batch];
                long allocated = -1;
                long deadline = System.nanoTime() + 90_000_000_000L; // the JIT compiles late on a loaded machine
                while (allocated != 0 && System.nanoTime() < deadline) {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    m.matmulQ8Checked(wq, q, batch, y, 19, 0, 19, acc);
                    m.matmulQ8Checked(w6, q, batch, y, 19, 0, 19, acc);
                    m.matmulQ8(wq, q, batch - 5, y, 19, 1, 18);
                    m.matmul(wf, x, batch, y, 19, 0, 19);
                    allocated = mx.getCurrentThreadAllocatedBytes() - before;
                }
                assertEquals(0, allocated, m.vectorBits() + "-bit: bytes allocated by a round of calls after warm-up");
            }
        }
    }

    /**
     * Extreme Q6_K blocks (every scale -127, every value -31, activations near +-127): odd block sums just under
     * 2^24, so adding even two rows' sums in float would round; the checked sums must still equal the scalar ones.
     */
    @Test
    void checkedSumsStayExactAtTheLargestQ6KBlockSums() {
        Random rnd = new Random(14);
        for (MatmulVector m : widths()) {
            try (Arena a = Arena.ofConfined()) {
                int rows = 9;
                int cols = 512;
                Tensor w = TestTensors.weight(rnd, GgmlType.Q6_K, rows, cols, a);
                for (int r = 0; r < rows; r++) {
                    for (int b = 0; b < cols / 256; b++) {
                        long off = r * w.rowBytes() + b * 210L;
                        for (int i = 0; i < 192; i++) {
                            // ql nibbles 1, qh bits 0: q6 = 1 - 32 = -31
                            w.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i, (byte) (i < 128 ? 0x11 : 0));
                        }
                        for (int i = 0; i < 16; i++) {
                            w.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, off + 192 + i, (byte) -127);
                        }
                    }
                }
                int batch = 3;
                float[] x = new float[batch * cols];
                for (int i = 0; i < x.length; i++) {
                    // per 32-block: 31 values at full scale and one just below, so q = 127 x31 and 126
                    x[i] = ((i / cols) == 1 ? -1f : 1f) * (i % 32 == 5 ? 0.993f : 1f);
                }
                Q8Activations q = new Q8Activations(batch * cols);
                Q8_0.quantizeActivations(x, 0, batch * cols, q, 0);
                int[] expect = new int[batch];
                int[] got = new int[batch];
                float[] ye = new float[batch * rows];
                float[] yg = new float[batch * rows];
                new ScalarKernels().matmulQ8Checked(w, q, batch, ye, rows, 0, rows, expect);
                m.matmulQ8Checked(w, q, batch, yg, rows, 0, rows, got);
                assertArrayEquals(expect, got, m.vectorBits() + "-bit");
                assertArrayEquals(ye, yg, 0f, m.vectorBits() + "-bit");
            }
        }
    }

    @Test
    void rejectsFloatWeightsOnTheIntegerPathAndBadWidths() {
        try (Arena a = Arena.ofConfined()) {
            Tensor w = TestTensors.weight(new Random(1), GgmlType.F32, 4, 32, a);
            Q8Activations q = new Q8Activations(32);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> new MatmulVector(0).matmulQ8(w, q, 1, new float[4], 4, 0, 4));
            assertTrue(e.getMessage().contains("F32"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new MatmulVector(192));
    }

    static Q8Activations activations(Random rnd, int batch, int cols) {
        Q8Activations q = new Q8Activations(batch * cols);
        float[] x = TestTensors.gaussian(rnd, batch * cols, 1f);
        // a few all-zero blocks (scale 0) and extreme values
        for (int i = 0; i < 32 && i < x.length; i++) {
            x[i] = 0f;
        }
        Q8_0.quantizeActivations(x, 0, batch * cols, q, 0);
        return q;
    }
}
