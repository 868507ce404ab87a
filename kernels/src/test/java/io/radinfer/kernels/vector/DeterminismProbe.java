package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.ops.TestTensors;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs every vector op once on fixed random data (ragged sizes) and prints a hash of all the output bits;
 * {@code VectorKernelsTest} compares the hash from an interpreted JVM ({@code -Xint}, where the Vector API
 * runs its plain-Java fallback) with the one from its own, JIT-compiled, JVM.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {
    }

    public static void main(String[] args) {
        System.out.println("hash " + hash(Integer.parseInt(args[0])));
    }

    static int hash(int bits) {
        Kernels v = new VectorKernels(bits);
        Random rnd = new Random(99);
        int h = 0;
        try (Arena a = Arena.ofConfined()) {
            int rows = 9;
            int cols = 32 * 5;
            float[] x = TestTensors.gaussian(rnd, cols, 1f);
            Q8Activations q = new Q8Activations(cols);
            v.quantizeQ8(x, 0, cols, q, 0);
            h = 31 * h + Arrays.hashCode(q.qs) + Arrays.hashCode(q.d);
            for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
                GgmlType.Q4_0}) {
                Tensor w = TestTensors.weight(rnd, t, rows, cols, a);
                float[] y = new float[rows];
                v.matvec(w, x, 0, y, 0, rows);
                h = 31 * h + Arrays.hashCode(y);
                if (t == GgmlType.Q8_0 || t == GgmlType.Q4_0) {
                    h = 31 * h + v.matvecQ8Checked(w, q, 0, y, 0, rows);
                    h = 31 * h + Arrays.hashCode(y);
                }
            }
            // K-quant rows and batched (tiled) products: their lane sums too must not depend on the JIT
            int kCols = 256 * 2;
            float[] kx = TestTensors.gaussian(rnd, 3 * kCols, 1f);
            Q8Activations kq = new Q8Activations(3 * kCols);
            v.quantizeQ8(kx, 0, 3 * kCols, kq, 0);
            for (GgmlType t : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q8_0, GgmlType.Q4_0}) {
                Tensor w = TestTensors.weight(rnd, t, rows, kCols, a);
                float[] y = new float[3 * rows];
                if (t == GgmlType.Q4_K || t == GgmlType.Q6_K) {
                    v.matvec(w, kx, 0, y, 0, rows);
                    h = 31 * h + Arrays.hashCode(y);
                    h = 31 * h + v.matvecQ8Checked(w, kq, 0, y, 0, rows);
                    h = 31 * h + Arrays.hashCode(y);
                }
                v.matmul(w, kx, 3, y, rows, 0, rows);
                h = 31 * h + Arrays.hashCode(y);
                int[] acc = new int[3];
                v.matmulQ8Checked(w, kq, 3, y, rows, 0, rows, acc);
                h = 31 * h + Arrays.hashCode(y) + Arrays.hashCode(acc);
            }
            int n = 77;
            float[] b = TestTensors.gaussian(rnd, n, 3f);
            float[] c = TestTensors.gaussian(rnd, n, 3f);
            h = 31 * h + Float.floatToIntBits(v.dot(b, 0, c, 0, n));
            float[] o = new float[n];
            v.rmsnorm(o, 0, b, 0, c, n, 1e-5f);
            h = 31 * h + Arrays.hashCode(o);
            v.softmax(o, 0, n);
            h = 31 * h + Arrays.hashCode(o);
            float[] g = b.clone();
            v.swiglu(g, c, n);
            h = 31 * h + Arrays.hashCode(g);
            v.add(g, c, n);
            h = 31 * h + Arrays.hashCode(g);
            float[] cos = TestTensors.gaussian(rnd, 10, 1f);
            float[] sin = TestTensors.gaussian(rnd, 10, 1f);
            for (RopeLayout layout : RopeLayout.values()) {
                float[] r = Arrays.copyOf(b, 60);
                v.rope(r, 0, 0, 3, 20, cos, sin, 0, layout);
                h = 31 * h + Arrays.hashCode(r);
            }
            KvCache cache = new KvCache(GgmlType.F16, 1, 16, 2 * 20, a);
            float[] vrs = new float[2 * 16 * 2];
            for (int t = 0; t < 16; t++) {
                cache.write(0, t, TestTensors.gaussian(rnd, 40, 1f), 0, TestTensors.gaussian(rnd, 40, 1f), 0);
            }
            float[] out = new float[4 * 20];
            float[] checks = new float[4 * Kernels.ATTENTION_CHECKS];
            v.attentionChecked(TestTensors.gaussian(rnd, 80, 1f), 0, cache, 0, 15, 4, 2, 20, out, 0, 0, 4, vrs,
                    checks);
            h = 31 * h + Arrays.hashCode(out) + Arrays.hashCode(checks);
        }
        return h;
    }
}
