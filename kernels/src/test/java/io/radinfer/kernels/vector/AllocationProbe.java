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
import java.nio.file.Path;
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

    /**
     * What a failing run needs to be explained: the processor and vector flags (C2's choices depend on
     * them), and, per op still allocating, the classes allocated and where, from a JFR recording of
     * allocation samples with stack traces.
     */
    private static String diagnosis(java.util.Set<String> names, java.util.Map<String, Runnable> ops) {
        StringBuilder out = new StringBuilder();
        try {
            String cpu = java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name") || l.startsWith("cpu family") || l.startsWith("model\t"))
                    .distinct().collect(java.util.stream.Collectors.joining("; "));
            out.append("cpu: ").append(cpu).append('\n');
        } catch (java.io.IOException | RuntimeException e) {
            out.append("cpu: unknown (").append(e).append(")\n");
        }
        var hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        for (String flag : new String[] {"UseAVX", "MaxVectorSize", "UseSuperWord", "InlineSmallCode"}) {
            out.append(flag).append('=').append(hs.getVMOption(flag).getValue()).append(' ');
        }
        out.append('\n');
        for (String name : names) {
            try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
                r.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "2000/s");
                r.start();
                long end = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    ops.get(name).run();
                }
                r.stop();
                Path file = java.nio.file.Files.createTempFile("alloc-probe", ".jfr");
                r.dump(file);
                java.util.Map<String, Integer> sites = new java.util.TreeMap<>();
                for (var e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
                    String frames = "?";
                    if (e.getStackTrace() != null) {
                        var all = e.getStackTrace().getFrames();
                        java.util.function.Function<jdk.jfr.consumer.RecordedFrame, String> show = f ->
                                f.getMethod().getType().getName().replaceAll(".*\\.", "") + "."
                                        + f.getMethod().getName() + ":" + f.getLineNumber();
                        frames = all.stream().limit(2).map(show).collect(java.util.stream.Collectors.joining(" < "))
                                + " ... " + all.stream().filter(f -> f.getMethod().getType().getName()
                                        .startsWith("io.radinfer.kernels.vector")).findFirst().map(show).orElse("?");
                    }
                    sites.merge(e.getClass("objectClass").getName() + " at " + frames, 1, Integer::sum);
                }
                java.nio.file.Files.delete(file);
                out.append(name).append(" allocation samples:\n");
                sites.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                        .limit(8).forEach(en -> out.append("  ").append(en.getValue()).append("x ")
                                .append(en.getKey()).append('\n'));
            } catch (java.io.IOException | RuntimeException e) {
                out.append(name).append(": no allocation recording (").append(e).append(")\n");
            }
        }
        return out.toString();
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
            ops.put("bitSum", () -> z[0] = v.bitSum(x, 1, n - 1));
            ops.put("sameBits", () -> z[0] = v.sameBits(x, 1, y, 1, n - 1) ? 1 : 0);
            ops.put("byteSum", () -> z[0] = v.byteSum(q.qs, 1, n - 1));
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
            if (!allocating.isEmpty()) {
                System.out.println(diagnosis(allocating.keySet(), ops));
            }
            System.exit(allocating.isEmpty() ? 0 : 1);
        }
    }
}
