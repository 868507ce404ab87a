package io.radinfer.kernels.vector;

import com.sun.management.ThreadMXBean;
import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.ops.TestTensors;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Run by {@code VectorKernelsTest} in a fresh JVM: calls every decode-path kernel at one width until C2 has
 * compiled it, then counts the bytes 50 more calls allocate, per op, repeating until every op allocates
 * nothing or 60 s have passed. Prints the ops still allocating and exits with 1 if there are any.
 *
 * <p>{@code softmax} is not on the decode path (attention has its own online softmax; sampling has its own)
 * but is held to the same rule.
 */
public final class AllocationProbe {
    private static final GgmlType[] MATVEC_TYPES = {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
        GgmlType.Q4_0};

    private AllocationProbe() {
    }

    public static void main(String[] args) {
        int bits = Integer.parseInt(args[0]);
        VectorKernels v = new VectorKernels(bits);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random rnd = new Random(700 + bits);
        try (Arena a = Arena.ofConfined()) {
            int n = 96;
            float[] x = TestTensors.gaussian(rnd, n, 1f);
            float[] y = new float[n];
            float[] z = new float[n];
            Q8Activations q = new Q8Activations(n);
            KvCache cache = new KvCache(GgmlType.F16, 1, 8, 2 * 24, a);
            for (int t = 0; t < 8; t++) {
                cache.write(0, t, TestTensors.gaussian(rnd, 48, 1f), 0, TestTensors.gaussian(rnd, 48, 1f), 0);
            }
            float[] vrs = new float[2 * 8 * 2];
            float[] checks = new float[4 * Kernels.ATTENTION_CHECKS];
            float[] cos = TestTensors.gaussian(rnd, 12, 1f);
            float[] sin = TestTensors.gaussian(rnd, 12, 1f);
            java.util.Map<String, Runnable> ops = new java.util.LinkedHashMap<>();
            for (GgmlType t : MATVEC_TYPES) {
                Tensor w = TestTensors.weight(rnd, t, 17, n, a);
                ops.put("matvec " + t, () -> v.matvec(w, y, 0, z, 0, w.rows()));
                if (t == GgmlType.Q8_0 || t == GgmlType.Q4_0) {
                    ops.put("matvecQ8Checked " + t, () -> v.matvecQ8Checked(w, q, 0, z, 0, w.rows()));
                    ops.put("matvecQ8 " + t, () -> v.matvecQ8(w, q, 0, z, 0, w.rows()));
                }
            }
            ops.put("rmsnorm", () -> v.rmsnorm(y, 0, x, 0, x, n, 1e-5f));
            ops.put("quantizeQ8", () -> v.quantizeQ8(y, 0, n, q, 0));
            ops.put("rope ADJACENT", () -> v.rope(z, 0, 0, 4, 24, cos, sin, 0, RopeLayout.ADJACENT));
            ops.put("rope NEOX", () -> v.rope(z, 0, 0, 4, 24, cos, sin, 0, RopeLayout.NEOX));
            ops.put("attentionChecked", () -> v.attentionChecked(z, 0, cache, 0, 7, 4, 2, 24, y, 0, 0, 4, vrs, checks));
            ops.put("attention", () -> v.attention(z, 0, cache, 0, 7, 4, 2, 24, y, 0, 0, 4));
            ops.put("swiglu", () -> v.swiglu(y, x, n));
            ops.put("softmax", () -> v.softmax(z, 0, n));
            ops.put("add", () -> v.add(y, x, n));
            ops.put("dot", () -> z[0] = v.dot(x, 0, y, 0, n));
            java.util.Map<String, Long> allocating = new java.util.LinkedHashMap<>(ops.size() * 2);
            ops.keySet().forEach(k -> allocating.put(k, -1L));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!allocating.isEmpty() && System.nanoTime() < deadline) {
                for (String name : new java.util.ArrayList<>(allocating.keySet())) {
                    Runnable op = ops.get(name);
                    for (int i = 0; i < 5_000; i++) {
                        op.run();
                    }
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 50; i++) {
                        op.run();
                    }
                    long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                    if (bytes == 0) {
                        allocating.remove(name);
                    } else {
                        allocating.put(name, bytes);
                    }
                }
            }
            System.out.println("vector-" + bits + " allocating after warm-up: " + allocating);
            System.exit(allocating.isEmpty() ? 0 : 1);
        }
    }
}
