package io.radinfer.kernels.parallel;

import com.sun.management.ThreadMXBean;
import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.ops.TestTensors;
import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelKernelsTest {
    private final Kernels k = new ScalarKernels();

    @Test
    void twoThreadsGiveBitIdenticalResultsToOne() {
        Random rnd = new Random(7);
        try (Arena a = Arena.ofShared(); WorkerPool one = new WorkerPool(1); WorkerPool two = new WorkerPool(2)) {
            ParallelKernels p1 = new ParallelKernels(k, one);
            ParallelKernels p2 = new ParallelKernels(k, two);
            Tensor w = TestTensors.weight(rnd, GgmlType.Q8_0, 203, 96, a);
            float[] x = TestTensors.gaussian(rnd, 96 * 3, 1f);
            Q8Activations q = new Q8Activations(96 * 3);
            k.quantizeQ8(x, 0, 96 * 3, q, 0);
            float[] y1 = new float[203 * 3];
            float[] y2 = new float[203 * 3];
            p1.matvec(w, x, 0, y1);
            p2.matvec(w, x, 0, y2);
            assertArrayEquals(y1, y2);
            p1.matvecQ8(w, q, 96, y1);
            p2.matvecQ8(w, q, 96, y2);
            assertArrayEquals(y1, y2);
            p1.matmul(w, x, 3, y1, 203);
            p2.matmul(w, x, 3, y2, 203);
            assertArrayEquals(y1, y2);
            p1.matmulQ8(w, q, 3, y1, 203);
            p2.matmulQ8(w, q, 3, y2, 203);
            assertArrayEquals(y1, y2);
            assertEquals(p1.matvecQ8Checked(w, q, 96, y1), p2.matvecQ8Checked(w, q, 96, y2));
            assertArrayEquals(y1, y2);
            assertEquals(CheckedDot.bitSum(y1, 0, 203), p2.outputBits(), "output bits, 2 threads");
            int[] a1 = new int[3];
            int[] a2 = new int[3];
            p1.matmulQ8Checked(w, q, 3, y1, 203, a1);
            p2.matmulQ8Checked(w, q, 3, y2, 203, a2);
            assertArrayEquals(a1, a2);
            assertArrayEquals(y1, y2);
            assertEquals(CheckedDot.bitSum(y1, 0, 3 * 203), p2.outputBits(), "matmul output bits, 2 threads");

            KvCache cache = new KvCache(GgmlType.F32, 1, 8, 2 * 4, a);
            for (int t = 0; t < 8; t++) {
                cache.write(0, t, TestTensors.gaussian(rnd, 8, 1f), 0, TestTensors.gaussian(rnd, 8, 1f), 0);
            }
            float[] qv = TestTensors.gaussian(rnd, 6 * 4, 1f);
            float[] o1 = new float[24];
            float[] o2 = new float[24];
            p1.attention(qv, 0, cache, 0, 7, 6, 2, 4, o1, 0);
            p2.attention(qv, 0, cache, 0, 7, 6, 2, 4, o2, 0);
            assertArrayEquals(o1, o2);
        }
    }

    /**
     * Replicas run block by block give each replica exactly what a lone execution gives: outputs and integer
     * sums, for 1 to 3 copies, 1 and 2 threads, with and without the check, on a matrix of several replica
     * blocks whose row count is a multiple of neither the block nor the grain.
     */
    @Test
    void replicasRunTogetherEqualLoneExecutions() {
        Random rnd = new Random(9);
        int rows = 1000;
        int cols = 1024;
        try (Arena a = Arena.ofShared(); WorkerPool one = new WorkerPool(1); WorkerPool two = new WorkerPool(2)) {
            Tensor w = TestTensors.weight(rnd, GgmlType.Q8_0, rows, cols, a);
            assertTrue(rows > 3 * ParallelKernels.REPLICA_BLOCK_BYTES / w.rowBytes(), "spans several blocks");
            float[] x = TestTensors.gaussian(rnd, 2 * cols, 1f);
            Q8Activations q = new Q8Activations(2 * cols);
            k.quantizeQ8(x, 0, 2 * cols, q, 0);
            float[] lone = new float[rows];
            ParallelKernels single = new ParallelKernels(k, one);
            int loneSum = single.matvecQ8Checked(w, q, cols, lone);
            assertEquals(CheckedDot.bitSum(lone, 0, rows), single.outputBits(), "output bits");
            for (WorkerPool pool : new WorkerPool[] {one, two}) {
                ParallelKernels p = new ParallelKernels(k, pool);
                for (int copies = 1; copies <= 3; copies++) {
                    for (boolean checked : new boolean[] {true, false}) {
                        float[][] ys = new float[3][rows];
                        int[] sums = new int[3];
                        p.matvecQ8Replicas(w, q, cols, ys, copies, checked ? sums : null, null);
                        for (int s = 0; s < copies; s++) {
                            String what = pool.threads() + " threads, " + copies + " copies, replica " + s;
                            assertArrayEquals(lone, ys[s], what);
                            assertEquals(checked ? loneSum : 0, sums[s], what);
                            assertEquals(CheckedDot.bitSum(lone, 0, rows), p.replicaOutputBits(s), what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void decodeCallsAllocateNothingAfterWarmUp() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random rnd = new Random(8);
        try (Arena a = Arena.ofShared(); WorkerPool pool = new WorkerPool(2)) {
            ParallelKernels p = new ParallelKernels(k, pool);
            Tensor w = TestTensors.weight(rnd, GgmlType.Q4_0, 64, 64, a);
            float[] x = TestTensors.gaussian(rnd, 64, 1f);
            float[] y = new float[64];
            Q8Activations q = new Q8Activations(64);
            KvCache cache = new KvCache(GgmlType.F16, 1, 4, 16, a);
            for (int i = 0; i < 2_000; i++) {
                step(p, w, x, y, q, cache);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                step(p, w, x, y, q, cache);
            }
            assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 100 decode-like steps");
        }
    }

    private static void step(ParallelKernels p, Tensor w, float[] x, float[] y, Q8Activations q, KvCache cache) {
        Kernels k = p.kernels();
        k.rmsnorm(y, 0, x, 0, x, 64, 1e-5f);
        k.quantizeQ8(y, 0, 64, q, 0);
        p.matvecQ8(w, q, 0, y);
        p.matvec(w, x, 0, y);
        cache.write(0, 1, y, 0, y, 16);
        p.attention(y, 0, cache, 0, 1, 4, 1, 16, x, 0);
        k.swiglu(y, x, 64);
        k.add(x, y, 64);
        k.softmax(y, 0, 64);
    }
}
