package io.radinfer.kernels.check;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs every op of a {@link Kernels} (normally the Vector API kernels) against the scalar reference on
 * random shapes and data for a time budget, and reports per op the number of cases, the largest error as a
 * fraction of its bound, and pass/fail. Shapes are drawn so lengths are rarely multiples of the vector
 * length and row counts are often odd.
 *
 * <p>Bounds (the ones the unit tests state): matvec/matmul, float and integer paths, and dot: {@code 2 * (n /
 * lanes + 2 * lanes + n / 32 + 4) * 2^-24 * sum_j |w_j x_j|} (summation order); integer sums of the checked
 * integer path, Q8 rounding, RoPE and add: exact; RMSNorm, softmax, SwiGLU: a relative {@code (n / lanes +
 * lanes + 8) * 2^-24}; attention: {@code 1e-5 * (1 + max|v|)}.
 */
public final class KernelSelfCheck {
    private static final double ULP = Math.ulp(1f) / 2;

    /**
     * One op's outcome: {@code worst} is the largest |error| / bound seen (0 for exact agreement; an exact
     * op that differs reports {@code Infinity}), {@code passed} whether every case stayed within its bound.
     */
    public record Result(String op, long cases, double worst, boolean passed, String firstFailure) {
    }

    /** All results and how long the check ran. */
    public record Report(String kernels, double seconds, List<Result> results) {
        public boolean passed() {
            return results.stream().allMatch(Result::passed);
        }

        /** A fixed-width table for a terminal. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-30s %7s %15s  %s%n", "op", "cases", "worst err/bound", "result"));
            for (Result r : results) {
                sb.append(String.format(Locale.ROOT, "%-30s %7d %15.3g  %s%n", r.op(), r.cases(), r.worst(),
                        r.passed() ? "pass" : "FAIL: " + r.firstFailure()));
            }
            return sb.toString();
        }
    }

    private final Kernels tested;
    private final Kernels reference = new ScalarKernels();
    private final int lanes;
    private final Map<String, long[]> cases = new LinkedHashMap<>();
    private final Map<String, double[]> worst = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    /** @param tested the kernels to check against {@link ScalarKernels} */
    public KernelSelfCheck(Kernels tested) {
        this.tested = tested;
        this.lanes = Math.max(1, tested.vectorBits() / 32);
    }

    /**
     * Checks every op in rounds of random cases until {@code seconds} have passed (at least one round).
     *
     * @param seed the random seed (the same seed gives the same cases)
     */
    public Report run(double seconds, long seed) {
        if (!(seconds >= 0 && seconds <= 3600)) {
            throw new IllegalArgumentException("seconds must be in [0, 3600], got " + seconds);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        do {
            round(rnd);
        } while (System.nanoTime() < end);
        List<Result> results = new ArrayList<>();
        for (String op : cases.keySet()) {
            results.add(new Result(op, cases.get(op)[0], worst.get(op)[0], !failures.containsKey(op),
                    failures.get(op)));
        }
        return new Report(tested.name(), (System.nanoTime() - start) / 1e9, List.copyOf(results));
    }

    private void record(String op, double err, double bound, String where) {
        cases.computeIfAbsent(op, k -> new long[1])[0]++;
        double[] w = worst.computeIfAbsent(op, k -> new double[1]);
        double ratio = err == 0 ? 0 : bound > 0 ? err / bound : Double.POSITIVE_INFINITY;
        if (Double.isNaN(err)) {
            ratio = Double.POSITIVE_INFINITY;
        }
        w[0] = Math.max(w[0], ratio);
        if (ratio > 1 && !failures.containsKey(op)) {
            failures.put(op, where + ": error " + err + " > bound " + bound);
        }
    }

    private void exact(String op, boolean equal, String where) {
        record(op, equal ? 0 : Double.POSITIVE_INFINITY, 0, where);
    }

    private void round(SplittableRandom rnd) {
        try (Arena arena = Arena.ofConfined()) {
            for (GgmlType t : GgmlType.values()) {
                matvec(rnd, t, arena);
            }
            vectorOps(rnd);
            attention(rnd, arena);
        }
    }

    private void matvec(SplittableRandom rnd, GgmlType t, Arena arena) {
        int rows = 1 + 2 * rnd.nextInt(24);
        int block = t.blockSize();
        int cols = block == 1 ? 1 + rnd.nextInt(700) : block * (1 + rnd.nextInt(block == 32 ? 20 : 3));
        Tensor w = weight(rnd, t, rows, cols, arena);
        float[] wf = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            Codec.dequantizeRow(t, w.data(), r * w.rowBytes(), wf, r * cols, cols);
        }
        float[] x = gaussian(rnd, cols * 2, 1f);
        float[] ys = new float[rows * 2];
        float[] yv = new float[rows * 2];
        reference.matvec(w, x, 0, ys, 0, rows);
        tested.matvec(w, x, 0, yv, 0, rows);
        compareRows("matvec " + t, wf, x, 0, cols, ys, yv, 0, rows);
        reference.matmul(w, x, 2, ys, rows, 0, rows);
        tested.matmul(w, x, 2, yv, rows, 0, rows);
        compareRows("matmul " + t, wf, x, 0, cols, ys, yv, 0, rows);
        compareRows("matmul " + t, wf, x, cols, cols, ys, yv, rows, rows);
        if (!(t == GgmlType.Q8_0 || t == GgmlType.Q4_0 || t == GgmlType.Q4_K || t == GgmlType.Q6_K)) {
            return;
        }
        Q8Activations q = new Q8Activations(cols * 2);
        reference.quantizeQ8(x, 0, cols * 2, q, 0);
        float[] xq = new float[cols * 2];
        for (int j = 0; j < xq.length; j++) {
            xq[j] = q.qs[j] * q.d[j >> 5];
        }
        int ss = reference.matvecQ8Checked(w, q, 0, ys, 0, rows);
        int sv = tested.matvecQ8Checked(w, q, 0, yv, 0, rows);
        exact("matvecQ8Checked " + t + " int sum", ss == sv, rows + "x" + cols);
        compareRows("matvecQ8 " + t, wf, xq, 0, cols, ys, yv, 0, rows);
        tested.matvecQ8(w, q, 0, yv, 0, rows);
        compareRows("matvecQ8 " + t, wf, xq, 0, cols, ys, yv, 0, rows);
        int[] as = new int[2];
        int[] av = new int[2];
        reference.matmulQ8Checked(w, q, 2, ys, rows, 0, rows, as);
        tested.matmulQ8Checked(w, q, 2, yv, rows, 0, rows, av);
        exact("matmulQ8Checked " + t + " int sums", Arrays.equals(as, av), rows + "x" + cols);
        compareRows("matmulQ8 " + t, wf, xq, 0, cols, ys, yv, 0, rows);
        compareRows("matmulQ8 " + t, wf, xq, cols, cols, ys, yv, rows, rows);
    }

    private void compareRows(String op, float[] wf, float[] x, int xOff, int cols, float[] ys, float[] yv, int yOff,
            int rows) {
        for (int r = 0; r < rows; r++) {
            double abs = 0;
            for (int j = 0; j < cols; j++) {
                abs += Math.abs((double) wf[r * cols + j] * x[xOff + j]);
            }
            double bound = 2 * (cols / lanes + 2 * lanes + cols / 32 + 4) * ULP * abs + Float.MIN_NORMAL;
            record(op, Math.abs((double) ys[yOff + r] - yv[yOff + r]), bound, rows + "x" + cols + " row " + r);
        }
    }

    private void vectorOps(SplittableRandom rnd) {
        int n = 1 + rnd.nextInt(600);
        float[] a = gaussian(rnd, n, 1f);
        float[] b = gaussian(rnd, n, 1f);
        double abs = 0;
        for (int i = 0; i < n; i++) {
            abs += Math.abs((double) a[i] * b[i]);
        }
        record("dot", Math.abs((double) reference.dot(a, 0, b, 0, n) - tested.dot(a, 0, b, 0, n)),
                2 * (n / lanes + 2 * lanes + 4) * ULP * abs + Float.MIN_NORMAL, "n=" + n);
        double rel = (n / lanes + lanes + 8) * ULP;
        float[] os = new float[n];
        float[] ov = new float[n];
        reference.rmsnorm(os, 0, a, 0, b, n, 1e-5f);
        tested.rmsnorm(ov, 0, a, 0, b, n, 1e-5f);
        elementwise("rmsnorm", os, ov, rel, n);
        float[] ss = gaussian(rnd, n, 4f);
        float[] sv = ss.clone();
        reference.softmax(ss, 0, n);
        tested.softmax(sv, 0, n);
        elementwise("softmax", ss, sv, rel, n);
        float[] gs = gaussian(rnd, n, 3f);
        float[] gv = gs.clone();
        reference.swiglu(gs, b, n);
        tested.swiglu(gv, b, n);
        elementwise("swiglu", gs, gv, 8 * ULP, n);
        float[] xs = a.clone();
        float[] xv = a.clone();
        reference.add(xs, b, n);
        tested.add(xv, b, n);
        exact("add", Arrays.equals(xs, xv), "n=" + n);
        int cols = 32 * (1 + rnd.nextInt(20));
        Q8Activations qs = new Q8Activations(cols);
        Q8Activations qv = new Q8Activations(cols);
        float[] x = gaussian(rnd, cols, 2f);
        reference.quantizeQ8(x, 0, cols, qs, 0);
        tested.quantizeQ8(x, 0, cols, qv, 0);
        exact("quantizeQ8", Arrays.equals(qs.qs, qv.qs) && Arrays.equals(qs.d, qv.d)
                && Arrays.equals(qs.sums, qv.sums), "n=" + cols);
        int headSize = 2 * (1 + rnd.nextInt(70));
        int heads = 1 + rnd.nextInt(4);
        float[] cos = gaussian(rnd, headSize / 2, 1f);
        float[] sin = gaussian(rnd, headSize / 2, 1f);
        for (RopeLayout layout : RopeLayout.values()) {
            float[] rs = gaussian(rnd, heads * headSize, 1f);
            float[] rv = rs.clone();
            reference.rope(rs, 0, 0, heads, headSize, cos, sin, 0, layout);
            tested.rope(rv, 0, 0, heads, headSize, cos, sin, 0, layout);
            exact("rope " + layout, Arrays.equals(rs, rv), "headSize " + headSize);
        }
    }

    private void elementwise(String op, float[] s, float[] v, double rel, int n) {
        double worstErr = 0;
        double worstBound = 1;
        double worstRatio = -1;
        for (int i = 0; i < s.length; i++) {
            double err = Math.abs((double) s[i] - v[i]);
            double bound = rel * Math.abs(s[i]) + Float.MIN_NORMAL;
            double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / bound;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstErr = Double.isNaN(err) ? Double.NaN : err;
                worstBound = bound;
            }
        }
        record(op, worstErr, worstBound, "n=" + n);
    }

    private void attention(SplittableRandom rnd, Arena arena) {
        int nKv = 1 + rnd.nextInt(3);
        int nHeads = nKv * (1 + rnd.nextInt(3));
        int hs = 2 + rnd.nextInt(80);
        int pos = rnd.nextInt(300);
        GgmlType ct = rnd.nextBoolean() ? GgmlType.F32 : GgmlType.F16;
        KvCache cache = new KvCache(ct, 1, pos + 1, nKv * hs, arena);
        float[] vrs = new float[2 * (pos + 1) * nKv];
        float maxV = 0;
        for (int t = 0; t <= pos; t++) {
            float[] v = gaussian(rnd, nKv * hs, 1f);
            cache.write(0, t, gaussian(rnd, nKv * hs, 1f), 0, v, 0);
            for (int g = 0; g < nKv; g++) {
                for (int i = 0; i < hs; i++) {
                    float val = cache.value(0, t, g * hs + i);
                    vrs[2 * (t * nKv + g)] += val;
                    vrs[2 * (t * nKv + g) + 1] += Math.abs(val);
                    maxV = Math.max(maxV, Math.abs(val));
                }
            }
        }
        float[] q = gaussian(rnd, nHeads * hs, 1f);
        float[] os = new float[nHeads * hs];
        float[] ov = new float[nHeads * hs];
        float[] cs = new float[nHeads * Kernels.ATTENTION_CHECKS];
        float[] cv = new float[nHeads * Kernels.ATTENTION_CHECKS];
        reference.attentionChecked(q, 0, cache, 0, pos, nHeads, nKv, hs, os, 0, 0, nHeads, vrs, cs);
        tested.attentionChecked(q, 0, cache, 0, pos, nHeads, nKv, hs, ov, 0, 0, nHeads, vrs, cv);
        String where = nHeads + "/" + nKv + " heads x " + hs + ", pos " + pos + ", " + ct;
        double err = 0;
        for (int i = 0; i < os.length; i++) {
            err = Math.max(err, Math.abs((double) os[i] - ov[i]));
        }
        record("attention", err, 1e-5 * (1 + maxV), where);
        double cerr = 0;
        double cbound = 1;
        for (int h = 0; h < nHeads; h++) {
            int c = h * Kernels.ATTENTION_CHECKS;
            for (int k = 0; k < Kernels.ATTENTION_CHECKS; k++) {
                double scale = k <= Kernels.CHECK_SCORE_ABS ? 1 + cs[c + Kernels.CHECK_SCORE_ABS]
                        : k <= Kernels.CHECK_NORM_TWIN ? cs[c + Kernels.CHECK_NORM] : 1 + cs[c + Kernels.CHECK_V_ABS];
                double e = Math.abs((double) cs[c + k] - cv[c + k]) / (1e-5 * scale);
                if (!(e <= cerr)) {
                    cerr = e;
                }
            }
        }
        record("attentionChecked sums", cerr, cbound, where);
    }

    private static float[] gaussian(SplittableRandom rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller without caching the second value
            double u = 1 - rnd.nextDouble();
            double v = rnd.nextDouble();
            x[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)) * scale;
        }
        return x;
    }

    /** A random weight: Gaussian values quantized for the types that have a quantizer, else random blocks. */
    private static Tensor weight(SplittableRandom rnd, GgmlType t, int rows, int cols, Arena arena) {
        Tensor w = Tensor.allocate("selfcheck." + t, t, arena, cols, rows);
        MemorySegment s = w.data();
        if (Codec.canQuantize(t)) {
            for (int r = 0; r < rows; r++) {
                Codec.quantizeRow(t, gaussian(rnd, cols, 0.1f), 0, cols, s, r * w.rowBytes());
            }
            return w;
        }
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
        }
        for (long off = 0; off < s.byteSize(); off += t.blockBytes()) {
            if (t == GgmlType.Q4_K) {
                F16.set(s, off, 0.001f + (float) rnd.nextDouble() * 0.01f);
                F16.set(s, off + Q4_K.DMIN, 0.001f + (float) rnd.nextDouble() * 0.01f);
            } else {
                F16.set(s, off + Q6_K.D, 0.0005f + (float) rnd.nextDouble() * 0.005f);
            }
        }
        return w;
    }
}
