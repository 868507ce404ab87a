package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.ops.TestTensors;
import io.radinfer.kernels.parallel.ParallelKernels;
import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Vector API op against its scalar twin at each SIMD width, on random shapes whose sizes are not
 * multiples of the vector length (odd row counts, ragged columns for the float types, block counts that
 * leave a partial vector), with the error bounds stated in {@link WidthKernels}.
 */
class VectorKernelsTest {
    private static final double ULP = Math.ulp(1f) / 2; // 2^-24
    private static final GgmlType[] MATVEC_TYPES = {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
        GgmlType.Q4_0};
    private final ScalarKernels scalar = new ScalarKernels();

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void reportsItsWidth(int bits) {
        VectorKernels v = new VectorKernels(bits);
        assertEquals(bits, v.vectorBits());
        assertEquals("vector-" + bits, v.name());
    }

    @Test
    void rejectsWidthsOtherThan128To512() {
        assertThrows(IllegalArgumentException.class, () -> new VectorKernels(64));
        assertThrows(IllegalArgumentException.class, () -> new VectorKernels(384));
    }

    /** Float path: |v - s| <= 2 * (n/lanes + 2*lanes + blocks + 4) * 2^-24 * sum_j |w_j x_j|. */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void matvecFloatPathMatchesScalarWithinSummationBound(int bits) {
        VectorKernels v = new VectorKernels(bits);
        int lanes = bits / 32;
        Random rnd = new Random(bits);
        for (GgmlType t : MATVEC_TYPES) {
            for (int trial = 0; trial < 3; trial++) {
                int rows = 1 + 2 * rnd.nextInt(12);
                int cols = t.blockSize() == 1 ? 1 + rnd.nextInt(300) : 32 * (1 + rnd.nextInt(11));
                try (Arena a = Arena.ofConfined()) {
                    Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                    int xOff = rnd.nextInt(5);
                    float[] x = TestTensors.gaussian(rnd, xOff + cols, 1f);
                    float[] ys = new float[rows];
                    float[] yv = new float[rows];
                    int r0 = rnd.nextInt(rows);
                    scalar.matvec(w, x, xOff, ys, r0, rows);
                    v.matvec(w, x, xOff, yv, r0, rows);
                    float[] wf = TestTensors.dequantize(w);
                    for (int r = 0; r < rows; r++) {
                        double abs = 0;
                        for (int j = 0; j < cols; j++) {
                            abs += Math.abs((double) wf[r * cols + j] * x[xOff + j]);
                        }
                        double bound = 2 * (cols / lanes + 2 * lanes + cols / 32 + 4) * ULP * abs;
                        assertEquals(ys[r], yv[r], bound, t + " " + rows + "x" + cols + " row " + r);
                        if (r < r0) {
                            assertEquals(0f, yv[r], "rows before rowStart untouched");
                        }
                    }
                }
            }
        }
    }

    /**
     * The integer Q8_0 dot adds the two 16-bit products of each 32-bit lane in 16 bits; the widest the pair can be
     * is 2 x 128 x 127 = 32512 (a weight byte of -128, which a file may hold though the quantizer never writes it,
     * times an activation of +-127). Rows of those extremes, both signs, must give the scalar twin's sums exactly.
     */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void integerQ8DotIsExactAtTheWidestProducts(int bits) {
        VectorKernels v = new VectorKernels(bits);
        int rows = 5;
        int cols = 32 * 3; // every partial sum a multiple of 1/8 below 2^20: exact in float in any order
        try (Arena a = Arena.ofConfined()) {
            Tensor w = Tensor.allocate("w", GgmlType.Q8_0, a, cols, rows);
            MemorySegment seg = w.data();
            for (int r = 0; r < rows; r++) {
                for (int b = 0; b < cols / 32; b++) {
                    long off = r * w.rowBytes() + (long) b * Q8_0.BYTES;
                    F16.set(seg, off, 0.25f * (1 + r));
                    for (int j = 0; j < 32; j++) {
                        // row 0: all -128; row 1: all 127; rows 2..4: -128 and 127 in runs that cross lane pairs
                        byte q = (byte) (r == 0 ? -128 : r == 1 ? 127 : ((j + b + r) / (r - 1)) % 2 == 0 ? -128 : 127);
                        seg.set(ValueLayout.JAVA_BYTE, off + Q8_0.QS + j, q);
                    }
                }
            }
            for (int sign : new int[] {1, -1}) {
                Q8Activations x = new Q8Activations(cols);
                for (int i = 0; i < cols; i++) {
                    x.qs[i] = (byte) (sign * (i % 3 == 2 ? -127 : 127));
                }
                Arrays.fill(x.d, 0.5f);
                float[] ys = new float[rows];
                float[] yv = new float[rows];
                assertEquals(scalar.matvecQ8Checked(w, x, 0, ys, 0, rows), v.matvecQ8Checked(w, x, 0, yv, 0, rows),
                        "integer sums at the widest products, sign " + sign);
                assertArrayEquals(ys, yv, "exact sums of exact products scale to the same floats, sign " + sign);
            }
        }
    }

    /** Integer path: the int sums equal the scalar ones exactly; outputs within the summation bound. */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void integerPathHasExactIntSumsAndBoundedOutputs(int bits) {
        VectorKernels v = new VectorKernels(bits);
        int lanes = bits / 32;
        Random rnd = new Random(100 + bits);
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            for (int trial = 0; trial < 4; trial++) {
                int rows = 1 + 2 * rnd.nextInt(15);
                int blocks = 1 + rnd.nextInt(13);
                int cols = 32 * blocks;
                try (Arena a = Arena.ofConfined()) {
                    Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                    int xOff = 32 * rnd.nextInt(3);
                    Q8Activations q = new Q8Activations(xOff + cols);
                    scalar.quantizeQ8(TestTensors.gaussian(rnd, xOff + cols, 2f), 0, xOff + cols, q, 0);
                    float[] ys = new float[rows];
                    float[] yv = new float[rows];
                    float[] yp = new float[rows];
                    int r0 = rnd.nextInt(rows);
                    int sumS = scalar.matvecQ8Checked(w, q, xOff, ys, r0, rows);
                    int sumV = v.matvecQ8Checked(w, q, xOff, yv, r0, rows);
                    v.matvecQ8(w, q, xOff, yp, r0, rows);
                    assertEquals(sumS, sumV, t + " integer sum");
                    assertArrayEquals(yv, yp, "matvecQ8 and matvecQ8Checked give the same outputs");
                    float[] wf = TestTensors.dequantize(w);
                    for (int r = r0; r < rows; r++) {
                        double abs = 0;
                        for (int j = 0; j < cols; j++) {
                            abs += Math.abs((double) wf[r * cols + j] * q.qs[xOff + j] * q.d[(xOff + j) >> 5]);
                        }
                        double bound = 2 * (blocks + lanes + 4) * ULP * abs + 1e-30;
                        assertEquals(ys[r], yv[r], bound, t + " " + rows + "x" + cols + " row " + r);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void integerPathRejectsFloatWeights(int bits) {
        VectorKernels v = new VectorKernels(bits);
        try (Arena a = Arena.ofConfined()) {
            Tensor w = TestTensors.weight(new Random(1), GgmlType.F16, 3, 32, a);
            Q8Activations q = new Q8Activations(32);
            assertThrows(UnsupportedOperationException.class, () -> v.matvecQ8(w, q, 0, new float[3], 0, 3));
            assertThrows(UnsupportedOperationException.class, () -> v.matvecQ8Checked(w, q, 0, new float[3], 0, 3));
        }
    }

    /** Q8 rounding of activations is bit-exact, including exact .5 ties, zero blocks and offsets. */
    /**
     * The guards' bit and byte sums equal the scalar twins' exactly, and the bitwise comparison agrees, on random
     * lengths and offsets (ragged tails), with NaN payloads, signed zeros and infinities among the values; a
     * single flipped bit anywhere, tails included, changes the sum and is seen as a difference.
     */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void bitSumByteSumAndSameBitsMatchScalarExactly(int bits) {
        VectorKernels v = new VectorKernels(bits);
        Random rnd = new Random(300 + bits);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(90);
            int aOff = rnd.nextInt(5);
            int bOff = rnd.nextInt(5);
            float[] a = TestTensors.gaussian(rnd, aOff + n + 3, 2f);
            for (int i = 0; i < a.length; i += 1 + rnd.nextInt(7)) {
                a[i] = switch (rnd.nextInt(5)) {
                    case 0 -> Float.intBitsToFloat(0x7fc00000 | rnd.nextInt(1 << 22)); // NaN with a payload
                    case 1 -> -0f;
                    case 2 -> Float.NEGATIVE_INFINITY;
                    case 3 -> Float.intBitsToFloat(rnd.nextInt()); // any bit pattern
                    default -> a[i];
                };
            }
            assertEquals(scalar.bitSum(a, aOff, n), v.bitSum(a, aOff, n), "bitSum n=" + n + " off=" + aOff);
            float[] b = new float[bOff + n + 2];
            System.arraycopy(a, aOff, b, bOff, n);
            assertTrue(v.sameBits(a, aOff, b, bOff, n), "copy n=" + n);
            assertTrue(scalar.sameBits(a, aOff, b, bOff, n));
            if (n > 0) {
                int i = rnd.nextInt(n);
                int before = v.bitSum(b, bOff, n);
                b[bOff + i] = Float.intBitsToFloat(Float.floatToRawIntBits(b[bOff + i]) ^ (1 << rnd.nextInt(32)));
                assertTrue(before != v.bitSum(b, bOff, n), "a flip at " + i + " of " + n + " left the sum alone");
                assertEquals(scalar.sameBits(a, aOff, b, bOff, n), v.sameBits(a, aOff, b, bOff, n));
                assertTrue(!v.sameBits(a, aOff, b, bOff, n), "flip at " + i + " of " + n + " not seen");
            }
        }
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(150);
            int off = rnd.nextInt(9);
            byte[] q = new byte[off + n + 5];
            rnd.nextBytes(q);
            assertEquals(scalar.byteSum(q, off, n), v.byteSum(q, off, n), "byteSum n=" + n + " off=" + off);
        }
        byte[] extremes = new byte[100];
        Arrays.fill(extremes, Byte.MIN_VALUE);
        assertEquals(-128 * 97, v.byteSum(extremes, 3, 97));
        // NaN payloads and zero signs are differences, as Arrays.equals would not say
        float[] x = {Float.intBitsToFloat(0x7fc00001), 0f};
        float[] y = {Float.intBitsToFloat(0x7fc00002), 0f};
        assertTrue(!v.sameBits(x, 0, y, 0, 1));
        assertTrue(!v.sameBits(new float[] {0f}, 0, new float[] {-0f}, 0, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void quantizeQ8IsBitExact(int bits) {
        VectorKernels v = new VectorKernels(bits);
        Random rnd = new Random(200 + bits);
        int n = 32 * 9;
        float[] x = TestTensors.gaussian(rnd, n + 7, 3f);
        for (int j = 0; j < 32; j++) { // block 1: amax 127 so d = 1 and every x * id is an exact half
            x[7 + 32 + j] = (rnd.nextInt(509) - 254) / 2f;
        }
        x[7 + 32] = 127f;
        Arrays.fill(x, 7 + 64, 7 + 96, 0f); // block 2: all zero, d = 0
        x[7 + 100] = 1e-30f; // tiny values
        for (int off : new int[] {0, 7}) {
            Q8Activations s = new Q8Activations(n + 64);
            Q8Activations q = new Q8Activations(n + 64);
            scalar.quantizeQ8(x, off, n, s, 64);
            v.quantizeQ8(x, off, n, q, 64);
            assertArrayEquals(s.qs, q.qs);
            assertArrayEquals(s.d, q.d);
            assertArrayEquals(s.sums, q.sums);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void vectorOpsMatchScalar(int bits) {
        VectorKernels v = new VectorKernels(bits);
        int lanes = bits / 32;
        Random rnd = new Random(300 + bits);
        for (int trial = 0; trial < 6; trial++) {
            int n = 1 + rnd.nextInt(200);
            float[] a = TestTensors.gaussian(rnd, n + 3, 1f);
            float[] b = TestTensors.gaussian(rnd, n + 5, 1f);
            double abs = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs((double) a[3 + i] * b[5 + i]);
            }
            assertEquals(scalar.dot(a, 3, b, 5, n), v.dot(a, 3, b, 5, n), 2 * (n / lanes + lanes + 2) * ULP * abs,
                    "dot n=" + n);

            float[] w = TestTensors.gaussian(rnd, n, 1f);
            float[] os = new float[n + 2];
            float[] ov = new float[n + 2];
            scalar.rmsnorm(os, 2, a, 3, w, n, 1e-5f);
            v.rmsnorm(ov, 2, a, 3, w, n, 1e-5f);
            for (int i = 0; i < n + 2; i++) {
                // the mean square differs by summation order; it enters as 1/sqrt, then two roundings
                assertEquals(os[i], ov[i], (n / lanes + lanes + 8) * ULP * Math.abs(os[i]) + 1e-30, "rmsnorm " + i);
            }

            float[] ss = TestTensors.gaussian(rnd, n + 4, 4f);
            float[] sv = ss.clone();
            scalar.softmax(ss, 4, n);
            v.softmax(sv, 4, n);
            for (int i = 0; i < n + 4; i++) {
                // exp within a few ulps, the sum by order: relative error <= (n/lanes + lanes + 8) ulp
                assertEquals(ss[i], sv[i], (n / lanes + lanes + 8) * ULP * Math.abs(ss[i]) + 1e-30, "softmax " + i);
            }

            float[] gs = TestTensors.gaussian(rnd, n, 3f);
            float[] gv = gs.clone();
            float[] up = TestTensors.gaussian(rnd, n, 1f);
            scalar.swiglu(gs, up, n);
            v.swiglu(gv, up, n);
            for (int i = 0; i < n; i++) {
                assertEquals(gs[i], gv[i], 8 * ULP * Math.abs(gs[i]) + 1e-30, "swiglu " + i);
            }

            float[] xs = TestTensors.gaussian(rnd, n, 1f);
            float[] xv = xs.clone();
            scalar.add(xs, a, n);
            v.add(xv, a, n);
            assertArrayEquals(xs, xv, "add is bit-exact");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void ropeIsBitExactInBothLayouts(int bits) {
        VectorKernels v = new VectorKernels(bits);
        Random rnd = new Random(400 + bits);
        for (RopeLayout layout : RopeLayout.values()) {
            for (int headSize : new int[] {2, 6, 20, 34, 64, 130}) {
                int heads = 3;
                int off = rnd.nextInt(4);
                float[] xs = TestTensors.gaussian(rnd, off + heads * headSize, 1f);
                float[] xv = xs.clone();
                float[] cos = TestTensors.gaussian(rnd, 5 + headSize / 2, 1f);
                float[] sin = TestTensors.gaussian(rnd, 5 + headSize / 2, 1f);
                scalar.rope(xs, off, 1, heads, headSize, cos, sin, 5, layout);
                v.rope(xv, off, 1, heads, headSize, cos, sin, 5, layout);
                assertArrayEquals(xs, xv, layout + " headSize " + headSize);
            }
        }
    }

    /** Online vs two-pass softmax: |out - ref| <= 1e-5 * (1 + max|v|); checksums within float rounding. */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void attentionMatchesScalarWithConsistentChecks(int bits) {
        VectorKernels v = new VectorKernels(bits);
        Random rnd = new Random(500 + bits);
        int nHeads = 6;
        int nKv = 2;
        for (GgmlType ct : new GgmlType[] {GgmlType.F32, GgmlType.F16}) {
            for (int hs : new int[] {4, 20, 64}) {
                int pos = rnd.nextInt(200);
                try (Arena a = Arena.ofConfined()) {
                    KvCache cache = new KvCache(ct, 2, 256, nKv * hs, a);
                    float[] vrs = new float[2 * 256 * nKv];
                    for (int t = 0; t <= pos; t++) {
                        float[] kk = TestTensors.gaussian(rnd, nKv * hs, 1f);
                        float[] vv = TestTensors.gaussian(rnd, nKv * hs, 1f);
                        cache.write(1, t, kk, 0, vv, 0);
                        for (int g = 0; g < nKv; g++) {
                            for (int i = 0; i < hs; i++) {
                                float val = cache.value(1, t, g * hs + i);
                                vrs[2 * (t * nKv + g)] += val;
                                vrs[2 * (t * nKv + g) + 1] += Math.abs(val);
                            }
                        }
                    }
                    float[] q = TestTensors.gaussian(rnd, nHeads * hs + 3, 1f);
                    float[] os = new float[nHeads * hs + 1];
                    float[] ov = new float[nHeads * hs + 1];
                    float[] op = new float[nHeads * hs + 1];
                    float[] cs = new float[nHeads * Kernels.ATTENTION_CHECKS];
                    float[] cv = new float[nHeads * Kernels.ATTENTION_CHECKS];
                    scalar.attentionChecked(q, 3, cache, 1, pos, nHeads, nKv, hs, os, 1, 1, nHeads, vrs, cs);
                    v.attentionChecked(q, 3, cache, 1, pos, nHeads, nKv, hs, ov, 1, 1, nHeads, vrs, cv);
                    v.attention(q, 3, cache, 1, pos, nHeads, nKv, hs, op, 1, 1, nHeads);
                    assertArrayEquals(ov, op, "attention and attentionChecked give the same output");
                    for (int i = 0; i < os.length; i++) {
                        assertEquals(os[i], ov[i], 1e-5 * (1 + 4), ct + " hs " + hs + " pos " + pos + " value " + i);
                    }
                    for (int h = 1; h < nHeads; h++) {
                        int c = h * Kernels.ATTENTION_CHECKS;
                        String where = ct + " hs " + hs + " head " + h + " check ";
                        assertEquals(cs[c], cv[c], 1e-5 * (1 + cs[c + 1]), where + "score sum");
                        assertEquals(cs[c + 1], cv[c + 1], 1e-5 * (1 + cs[c + 1]), where + "score abs");
                        assertEquals(cs[c + 2], cv[c + 2], 1e-5 * cs[c + 2], where + "norm");
                        assertEquals(cv[c + 2], cv[c + 3], 1e-5 * cv[c + 2], where + "norm twin");
                        assertEquals(cs[c + 4], cv[c + 4], 1e-5 * (1 + cs[c + 5]), where + "v sum");
                        assertEquals(cs[c + 5], cv[c + 5], 1e-5 * (1 + cs[c + 5]), where + "v abs");
                        double outSum = 0;
                        for (int i = 0; i < hs; i++) {
                            outSum += ov[1 + h * hs + i];
                        }
                        assertEquals(outSum, cv[c + 4], 1e-5 * (1 + cv[c + 5]), where + "output sum = v sum");
                        // the bit sums are exact: the same in both kernels, and what the cache holds
                        int g = h / (nHeads / nKv);
                        int kBits = 0;
                        int vBits = 0;
                        for (int t = 0; t <= pos; t++) {
                            for (int i = 0; i < hs; i++) {
                                kBits += Float.floatToRawIntBits(cache.key(1, t, g * hs + i));
                                vBits += Float.floatToRawIntBits(cache.value(1, t, g * hs + i));
                            }
                        }
                        assertEquals(kBits, Kernels.getBits(cs, c + Kernels.CHECK_K_BITS), where + "scalar key bits");
                        assertEquals(kBits, Kernels.getBits(cv, c + Kernels.CHECK_K_BITS), where + "vector key bits");
                        assertEquals(vBits, Kernels.getBits(cs, c + Kernels.CHECK_V_BITS), where + "scalar value bits");
                        assertEquals(vBits, Kernels.getBits(cv, c + Kernels.CHECK_V_BITS), where + "vector value bits");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void twoThreadsGiveTheSameResultAsOne(int bits) {
        VectorKernels v = new VectorKernels(bits);
        Random rnd = new Random(600 + bits);
        try (Arena a = Arena.ofShared(); WorkerPool one = new WorkerPool(1); WorkerPool two = new WorkerPool(2)) {
            ParallelKernels p1 = new ParallelKernels(v, one);
            ParallelKernels p2 = new ParallelKernels(v, two);
            int rows = 203;
            int cols = 32 * 7;
            float[] x = TestTensors.gaussian(rnd, cols, 1f);
            Q8Activations q = new Q8Activations(cols);
            v.quantizeQ8(x, 0, cols, q, 0);
            for (GgmlType t : MATVEC_TYPES) {
                Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                float[] y1 = new float[rows];
                float[] y2 = new float[rows];
                p1.matvec(w, x, 0, y1);
                p2.matvec(w, x, 0, y2);
                assertArrayEquals(y1, y2, t + " float path");
                if (t == GgmlType.Q8_0 || t == GgmlType.Q4_0) {
                    int s1 = p1.matvecQ8Checked(w, q, 0, y1);
                    int s2 = p2.matvecQ8Checked(w, q, 0, y2);
                    assertArrayEquals(y1, y2, t + " integer path");
                    assertEquals(s1, s2, t + " integer sum");
                }
            }
            KvCache cache = new KvCache(GgmlType.F16, 1, 32, 2 * 20, a);
            for (int t = 0; t < 32; t++) {
                cache.write(0, t, TestTensors.gaussian(rnd, 40, 1f), 0, TestTensors.gaussian(rnd, 40, 1f), 0);
            }
            float[] qv = TestTensors.gaussian(rnd, 6 * 20, 1f);
            float[] o1 = new float[120];
            float[] o2 = new float[120];
            p1.attention(qv, 0, cache, 0, 31, 6, 2, 20, o1, 0);
            p2.attention(qv, 0, cache, 0, 31, 6, 2, 20, o2, 0);
            assertArrayEquals(o1, o2, "attention");
        }
    }

    /**
     * Results do not depend on what the JIT has compiled: an interpreted JVM (the Vector API's plain-Java
     * fallback) and this one, after warm-up, give the same bits for every op. The protection layer compares
     * repeated executions bit for bit and relies on this.
     */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void resultsAreTheSameInterpretedAndCompiled(int bits) throws Exception {
        for (int i = 0; i < 300; i++) {
            DeterminismProbe.hash(bits);
        }
        String out = runProbe(DeterminismProbe.class, bits, "-Xint");
        assertEquals("hash " + DeterminismProbe.hash(bits), out.strip());
    }

    private static String runProbe(Class<?> probe, int bits, String... jvmFlags) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.util.List.of(jvmFlags));
        cmd.addAll(java.util.List.of("--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), probe.getName(), Integer.toString(bits)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.startsWith("WARNING")).collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * Once compiled, the decode-path kernels allocate nothing per call. Checked in a fresh JVM per width (as
     * in production, where one width is used per JVM): with several widths' kernels hot in one JVM, the
     * receiver-type profiles inside the shared Vector API classes turn polymorphic and C2 leaves some vector
     * objects unscalarized, which is a property of the test JVM, not of the kernels.
     */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void decodeKernelsAllocateNothingPerCallAfterWarmUp(int bits) throws Exception {
        String out = runProbe(AllocationProbe.class, bits);
        assertTrue(out.contains("allocating after warm-up: {}"), out);
    }

    /**
     * The same, with C2 declining to inline any method it has already compiled into more than 100 bytes. How
     * often that happens normally depends on compile timing (a busy machine compiles callers late, so small
     * helpers get compiled on their own first); a vector crossing such a call is boxed on every call. Forcing
     * it makes the kernels' independence of inlining luck a deterministic check: with a vector-typed helper
     * ({@code float sum(FloatVector)}, as the kernels once had) this fails at every width.
     */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void decodeKernelsAllocateNothingEvenWhenHelpersAreNotInlined(int bits) throws Exception {
        String out = runProbe(AllocationProbe.class, bits, "-XX:InlineSmallCode=100");
        assertTrue(out.contains("allocating after warm-up: {}"), out);
    }
}
