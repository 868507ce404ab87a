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
}
