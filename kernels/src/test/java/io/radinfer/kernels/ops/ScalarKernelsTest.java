package io.radinfer.kernels.ops;

import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scalar reference kernels against the math computed in double from dequantized weights. Bounds:
 * float accumulation of n terms is within {@code n * 2^-24 * sum|w_j x_j|} of the exact sum (Higham,
 * Accuracy and Stability of Numerical Algorithms, 2nd ed., eq. 3.5); we allow twice that.
 */
class ScalarKernelsTest {
    private final Kernels k = new ScalarKernels();

    @Test
    void matvecFloatPathMatchesDoubleReferenceForEveryType() {
        Random rnd = new Random(3);
        for (GgmlType t : GgmlType.values()) {
            for (int trial = 0; trial < 6; trial++) {
                int cols = t.blockSize() * (1 + rnd.nextInt(t.blockSize() == 1 ? 300 : 6));
                int rows = 1 + rnd.nextInt(40);
                try (Arena a = Arena.ofConfined()) {
                    Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                    float[] wf = TestTensors.dequantize(w);
                    float[] x = TestTensors.gaussian(rnd, cols + 5, 1f);
                    float[] y = new float[rows];
                    k.matvec(w, x, 5, y, 0, rows);
                    for (int r = 0; r < rows; r++) {
                        double exact = 0;
                        double mag = 0;
                        for (int j = 0; j < cols; j++) {
                            exact += (double) wf[r * cols + j] * x[5 + j];
                            mag += Math.abs((double) wf[r * cols + j] * x[5 + j]);
                        }
                        double bound = 2 * cols * 0x1p-24 * mag + 1e-30;
                        assertTrue(Math.abs(y[r] - exact) <= bound,
                                t + " " + rows + "x" + cols + " row " + r + ": " + y[r] + " vs " + exact + " bound " + bound);
                    }
                }
            }
        }
    }

    @Test
    void integerPathIsExactPerBlockForQuantizedTypes() {
        Random rnd = new Random(4);
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            int cols = t.blockSize() * 3;
            int rows = 7;
            try (Arena a = Arena.ofConfined()) {
                Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                float[] wf = TestTensors.dequantize(w);
                float[] x = TestTensors.gaussian(rnd, cols, 1f);
                Q8Activations q = new Q8Activations(cols);
                k.quantizeQ8(x, 0, cols, q, 0);
                float[] y = new float[rows];
                k.matvecQ8(w, q, 0, y, 0, rows);
                for (int r = 0; r < rows; r++) {
                    // The integer path is the exact dot of the dequantized weights with the dequantized
                    // activations, up to the float rounding of the per-block scale products and sums.
                    double exact = 0;
                    double mag = 0;
                    for (int j = 0; j < cols; j++) {
                        double xq = (double) q.qs[j] * q.d[j / 32];
                        exact += wf[r * cols + j] * xq;
                        mag += Math.abs(wf[r * cols + j] * xq);
                    }
                    assertEquals(exact, y[r], 64 * 0x1p-24 * mag + 1e-30, t + " row " + r);
                }
            }
        }
    }

    @Test
    void matmulEqualsMatvecPerColumn() {
        Random rnd = new Random(5);
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0}) {
            int cols = 64;
            int rows = 19;
            int batch = 5;
            try (Arena a = Arena.ofConfined()) {
                Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                float[] x = TestTensors.gaussian(rnd, cols * batch, 1f);
                float[] y = new float[batch * 23];
                k.matmul(w, x, batch, y, 23, 0, rows);
                Q8Activations q = new Q8Activations(cols * batch);
                k.quantizeQ8(x, 0, cols * batch, q, 0);
                float[] yq = new float[batch * 23];
                if (t != GgmlType.F32) {
                    k.matmulQ8(w, q, batch, yq, 23, 0, rows);
                }
                for (int b = 0; b < batch; b++) {
                    float[] col = new float[rows];
                    k.matvec(w, x, b * cols, col, 0, rows);
                    for (int r = 0; r < rows; r++) {
                        assertEquals(col[r], y[b * 23 + r], 0f);
                    }
                    if (t != GgmlType.F32) {
                        k.matvecQ8(w, q, b * cols, col, 0, rows);
                        for (int r = 0; r < rows; r++) {
                            assertEquals(col[r], yq[b * 23 + r], 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rmsnormSoftmaxSwigluFollowTheirFormulas() {
        float[] x = {1f, -2f, 3f, 0.5f};
        float[] w = {1f, 2f, 0.5f, -1f};
        float[] out = new float[4];
        k.rmsnorm(out, 0, x, 0, w, 4, 1e-5f);
        double inv = 1 / Math.sqrt((1 + 4 + 9 + 0.25) / 4 + 1e-5);
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i] * x[i] * inv, out[i], 1e-6);
        }
        float[] s = {1f, 2f, 3f, -1f, 1000f};
        k.softmax(s, 0, 4);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(-1);
        assertEquals(Math.exp(2) / z, s[1], 1e-7);
        assertEquals(1000f, s[4]); // outside the range: untouched
        float[] g = {-1f, 0f, 2f};
        float[] u = {3f, 5f, 0.5f};
        k.swiglu(g, u, 3);
        assertEquals(-1 / (1 + Math.exp(1)) * 3, g[0], 1e-6);
        assertEquals(0f, g[1]);
        assertEquals(2 / (1 + Math.exp(-2)) * 0.5, g[2], 1e-6);
    }

    @Test
    void ropeRotatesAdjacentPairsOrHalves() {
        float[] cos = {0f, 1f};
        float[] sin = {1f, 0f};
        float[] x = {1f, 2f, 3f, 4f};
        k.rope(x, 0, 0, 1, 4, cos, sin, 0, RopeLayout.ADJACENT);
        // pair (0,1) rotated by 90 degrees, pair (2,3) by 0.
        assertEquals(-2f, x[0]);
        assertEquals(1f, x[1]);
        assertEquals(3f, x[2]);
        assertEquals(4f, x[3]);
        float[] y = {1f, 2f, 3f, 4f};
        k.rope(y, 0, 0, 1, 4, cos, sin, 0, RopeLayout.NEOX);
        // pair (0,2) rotated by 90 degrees, pair (1,3) by 0.
        assertEquals(-3f, y[0]);
        assertEquals(2f, y[1]);
        assertEquals(1f, y[2]);
        assertEquals(4f, y[3]);
    }

    @Test
    void attentionEqualsTwoPassSoftmaxWithGroupedHeads() {
        Random rnd = new Random(6);
        int nHeads = 4;
        int nKv = 2;
        int hs = 6;
        int pos = 9;
        try (Arena a = Arena.ofConfined()) {
            for (GgmlType ct : new GgmlType[] {GgmlType.F32, GgmlType.F16}) {
                KvCache cache = new KvCache(ct, 2, 16, nKv * hs, a);
                for (int t = 0; t <= pos; t++) {
                    cache.write(1, t, TestTensors.gaussian(rnd, nKv * hs, 1f), 0, TestTensors.gaussian(rnd, nKv * hs, 1f), 0);
                }
                float[] q = TestTensors.gaussian(rnd, nHeads * hs, 1f);
                float[] out = new float[nHeads * hs];
                k.attention(q, 0, cache, 1, pos, nHeads, nKv, hs, out, 0, 0, nHeads);
                for (int h = 0; h < nHeads; h++) {
                    int g = h / (nHeads / nKv);
                    double[] sc = new double[pos + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t <= pos; t++) {
                        for (int i = 0; i < hs; i++) {
                            sc[t] += (double) q[h * hs + i] * cache.key(1, t, g * hs + i);
                        }
                        sc[t] /= Math.sqrt(hs);
                        max = Math.max(max, sc[t]);
                    }
                    double z = 0;
                    for (int t = 0; t <= pos; t++) {
                        sc[t] = Math.exp(sc[t] - max);
                        z += sc[t];
                    }
                    for (int i = 0; i < hs; i++) {
                        double v = 0;
                        for (int t = 0; t <= pos; t++) {
                            v += sc[t] / z * cache.value(1, t, g * hs + i);
                        }
                        assertEquals(v, out[h * hs + i], 1e-5, ct + " head " + h + " value " + i);
                    }
                }
            }
        }
    }

    @Test
    void checkedMatvecReturnsTheSumOfItsIntegerBlockDots() {
        Random rnd = new Random(9);
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            int cols = t.blockSize() * 2;
            int rows = 9;
            try (Arena a = Arena.ofConfined()) {
                Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                float[] x = TestTensors.gaussian(rnd, cols, 1f);
                Q8Activations q = new Q8Activations(cols);
                k.quantizeQ8(x, 0, cols, q, 0);
                float[] y = new float[rows];
                float[] y2 = new float[rows];
                int acc = k.matvecQ8Checked(w, q, 0, y, 2, rows);
                k.matvecQ8(w, q, 0, y2, 2, rows);
                assertEquals(java.util.Arrays.toString(y2), java.util.Arrays.toString(y));
                // Independent: the integer each weight contributes, from the dequantized value and scales, and
                // for Q8_0/Q4_0 each block scale's term.
                int expect = 0;
                float[] wf = TestTensors.dequantize(w);
                for (int r = 2; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        expect += integerWeight(w, r, j) * q.qs[j];
                    }
                    expect += scaleTerms(w, r);
                }
                assertEquals(expect, acc, t.toString());
                assertTrue(wf.length > 0);
                int[] accs = new int[2];
                float[] ym = new float[2 * rows];
                Q8Activations q2 = new Q8Activations(2 * cols);
                k.quantizeQ8(TestTensors.gaussian(rnd, 2 * cols, 1f), 0, 2 * cols, q2, 0);
                k.matmulQ8Checked(w, q2, 2, ym, rows, 0, rows, accs);
                for (int b = 0; b < 2; b++) {
                    int e = 0;
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) {
                            e += integerWeight(w, r, j) * q2.qs[b * cols + j];
                        }
                        e += scaleTerms(w, r);
                    }
                    assertEquals(e, accs[b], t + " column " + b);
                }
            }
        }
    }

    /** Row {@code r}'s block scales, as {@code raw f32 bits * 0x9E3779B1} (Q8_0 and Q4_0 only). */
    private static int scaleTerms(Tensor w, int r) {
        if (w.type() != GgmlType.Q8_0 && w.type() != GgmlType.Q4_0) {
            return 0;
        }
        int t = 0;
        for (int b = 0; b < w.cols() / 32; b++) {
            short h = w.data().get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, r * w.rowBytes() + b * (long) w.type().blockBytes());
            t += Float.floatToRawIntBits(Float.float16ToFloat(h)) * 0x9E3779B1;
        }
        return t;
    }

    private static int integerWeight(Tensor w, int r, int j) {
        java.lang.foreign.MemorySegment s = w.data();
        long row = r * w.rowBytes();
        return switch (w.type()) {
            case Q8_0 -> s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, row + (j / 32) * 34L + 2 + j % 32);
            case Q4_0 -> {
                int b = s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, row + (j / 32) * 18L + 2 + (j % 32) % 16) & 0xff;
                yield ((j % 32) < 16 ? b & 0xf : b >>> 4) - 8;
            }
            case Q4_K -> io.radinfer.kernels.quant.Q4_K.nibble(s, row + (j / 256) * 144L, j % 256);
            case Q6_K -> io.radinfer.kernels.quant.Q6_K.scaleOf(s, row + (j / 256) * 210L, j % 256)
                    * io.radinfer.kernels.quant.Q6_K.value(s, row + (j / 256) * 210L, j % 256);
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void checkedAttentionGivesTheSameOutputAndConsistentChecksums() {
        Random rnd = new Random(10);
        int nHeads = 4;
        int nKv = 2;
        int hs = 8;
        int pos = 12;
        try (Arena a = Arena.ofConfined()) {
            KvCache cache = new KvCache(GgmlType.F32, 1, 16, nKv * hs, a);
            float[] vrs = new float[2 * 16 * nKv];
            double[] ksum = new double[nKv * hs];
            for (int t = 0; t <= pos; t++) {
                float[] kk = TestTensors.gaussian(rnd, nKv * hs, 1f);
                float[] vv = TestTensors.gaussian(rnd, nKv * hs, 1f);
                cache.write(0, t, kk, 0, vv, 0);
                for (int g = 0; g < nKv; g++) {
                    for (int i = 0; i < hs; i++) {
                        vrs[2 * (t * nKv + g)] += vv[g * hs + i];
                        vrs[2 * (t * nKv + g) + 1] += Math.abs(vv[g * hs + i]);
                        ksum[g * hs + i] += kk[g * hs + i];
                    }
                }
            }
            float[] q = TestTensors.gaussian(rnd, nHeads * hs, 1f);
            float[] out = new float[nHeads * hs];
            float[] out2 = new float[nHeads * hs];
            float[] checks = new float[nHeads * Kernels.ATTENTION_CHECKS];
            k.attentionChecked(q, 0, cache, 0, pos, nHeads, nKv, hs, out, 0, 0, nHeads, vrs, checks);
            k.attention(q, 0, cache, 0, pos, nHeads, nKv, hs, out2, 0, 0, nHeads);
            assertArrayEqualsBits(out2, out);
            for (int h = 0; h < nHeads; h++) {
                int g = h / 2;
                double qk = 0;
                for (int i = 0; i < hs; i++) {
                    qk += q[h * hs + i] * ksum[g * hs + i];
                }
                int c = h * Kernels.ATTENTION_CHECKS;
                assertEquals(qk / Math.sqrt(hs), checks[c + Kernels.CHECK_SCORE_SUM], 1e-4);
                assertEquals(checks[c + Kernels.CHECK_NORM], checks[c + Kernels.CHECK_NORM_TWIN], 1e-5);
                double outSum = 0;
                for (int i = 0; i < hs; i++) {
                    outSum += out[h * hs + i];
                }
                assertEquals(outSum, checks[c + Kernels.CHECK_V_SUM], 1e-5);
                assertTrue(checks[c + Kernels.CHECK_V_ABS] > 0);
            }
        }
    }

    private static void assertArrayEqualsBits(float[] a, float[] b) {
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    }
}
