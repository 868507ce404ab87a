package io.radinfer.kernels.ops;

import io.radinfer.kernels.quant.BF16;
import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.F32;
import io.radinfer.kernels.quant.Q4_0;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * The plain-Java reference kernels: the twin every Vector API kernel is tested against, and the fallback
 * when {@code jdk.incubator.vector} is absent. Written for clarity in the order the math reads, and for
 * f32 weights operation for operation as llama2.c's {@code run.c} computes (sequential float sums, scores
 * divided by {@code sqrtf(head_size)}, a two-pass softmax, glibc's {@code expf} via {@link FloatMath}), so
 * a llama2.c checkpoint reproduces run.c's logits bit for bit.
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBits() {
        return 0;
    }

    @Override
    public void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        int n = w.cols();
        long rb = w.rowBytes();
        for (int r = rowStart; r < rowEnd; r++) {
            y[r] = rowDot(w, seg, r * rb, x, xOff, n);
        }
    }

    private static float rowDot(Tensor w, MemorySegment seg, long off, float[] x, int xOff, int n) {
        return switch (w.type()) {
            case F32 -> F32.dot(seg, off, x, xOff, n);
            case F16 -> F16.dot(seg, off, x, xOff, n);
            case BF16 -> BF16.dot(seg, off, x, xOff, n);
            case Q8_0 -> Q8_0.dot(seg, off, x, xOff, n);
            case Q4_0 -> Q4_0.dot(seg, off, x, xOff, n);
            case Q4_K -> Q4_K.dot(seg, off, x, xOff, n);
            case Q6_K -> Q6_K.dot(seg, off, x, xOff, n);
        };
    }

    @Override
    public void matvecQ8(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        int n = w.cols();
        long rb = w.rowBytes();
        for (int r = rowStart; r < rowEnd; r++) {
            y[r] = rowDotQ8(w, seg, r * rb, x, xOff, n);
        }
    }

    private static float rowDotQ8(Tensor w, MemorySegment seg, long off, Q8Activations x, int xOff, int n) {
        return switch (w.type()) {
            case Q8_0 -> Q8_0.dotQ8(seg, off, x, xOff, n);
            case Q4_0 -> Q4_0.dotQ8(seg, off, x, xOff, n);
            case Q4_K -> Q4_K.dotQ8(seg, off, x, xOff, n);
            case Q6_K -> Q6_K.dotQ8(seg, off, x, xOff, n);
            case F32, F16, BF16 -> throw new UnsupportedOperationException(
                    "no integer path for " + w.type() + " weights (" + w.name() + "); use matvec");
        };
    }

    @Override
    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        int n = w.cols();
        long rb = w.rowBytes();
        int acc = 0;
        for (int r = rowStart; r < rowEnd; r++) {
            long d = rowDotQ8Checked(w, seg, r * rb, x, xOff, n);
            y[r] = CheckedDot.value(d);
            acc += CheckedDot.integerSum(d);
        }
        return acc;
    }

    /** One read of the row for both the output and its integer sum (see {@link CheckedDot} for why). */
    private static long rowDotQ8Checked(Tensor w, MemorySegment seg, long off, Q8Activations x, int xOff, int n) {
        return switch (w.type()) {
            case Q8_0 -> Q8_0.dotQ8Checked(seg, off, x, xOff, n);
            case Q4_0 -> Q4_0.dotQ8Checked(seg, off, x, xOff, n);
            case Q4_K -> Q4_K.dotQ8Checked(seg, off, x, xOff, n);
            case Q6_K -> Q6_K.dotQ8Checked(seg, off, x, xOff, n);
            case F32, F16, BF16 -> throw new UnsupportedOperationException(
                    "no integer path for " + w.type() + " weights (" + w.name() + ")");
        };
    }

    @Override
    public void matmul(Tensor w, float[] x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        int n = w.cols();
        long rb = w.rowBytes();
        for (int b = 0; b < batch; b++) {
            for (int r = rowStart; r < rowEnd; r++) {
                y[b * yStride + r] = rowDot(w, seg, r * rb, x, b * n, n);
            }
        }
    }

    @Override
    public void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        int n = w.cols();
        long rb = w.rowBytes();
        for (int b = 0; b < batch; b++) {
            for (int r = rowStart; r < rowEnd; r++) {
                y[b * yStride + r] = rowDotQ8(w, seg, r * rb, x, b * n, n);
            }
        }
    }

    @Override
    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd,
            int[] acc) {
        MemorySegment seg = w.data();
        int n = w.cols();
        long rb = w.rowBytes();
        for (int b = 0; b < batch; b++) {
            int s = 0;
            for (int r = rowStart; r < rowEnd; r++) {
                long d = rowDotQ8Checked(w, seg, r * rb, x, b * n, n);
                y[b * yStride + r] = CheckedDot.value(d);
                s += CheckedDot.integerSum(d);
            }
            acc[b] += s;
        }
    }

    @Override
    public void quantizeQ8(float[] x, int xOff, int n, Q8Activations out, int outOff) {
        Q8_0.quantizeActivations(x, xOff, n, out, outOff);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        float ss = 0f;
        for (int i = 0; i < n; i++) {
            ss += x[xOff + i] * x[xOff + i];
        }
        ss /= n;
        ss += eps;
        ss = 1f / (float) Math.sqrt(ss);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = w[i] * (ss * x[xOff + i]);
        }
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        float max = x[off];
        for (int i = 1; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            x[off + i] = FloatMath.exp(x[off + i] - max);
            sum += x[off + i];
        }
        for (int i = 0; i < n; i++) {
            x[off + i] /= sum;
        }
    }

    @Override
    public void rope(float[] x, int off, int headStart, int headEnd, int headSize, float[] cos, float[] sin,
            int tableOff, RopeLayout layout) {
        int half = headSize / 2;
        for (int h = headStart; h < headEnd; h++) {
            int base = off + h * headSize;
            for (int i = 0; i < half; i++) {
                int a = layout == RopeLayout.ADJACENT ? base + 2 * i : base + i;
                int b = layout == RopeLayout.ADJACENT ? a + 1 : a + half;
                float c = cos[tableOff + i];
                float s = sin[tableOff + i];
                float v0 = x[a];
                float v1 = x[b];
                x[a] = v0 * c - v1 * s;
                x[b] = v0 * s + v1 * c;
            }
        }
    }

    @Override
    public void swiglu(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float v = gate[i];
            v *= 1f / (1f + FloatMath.exp(-v));
            gate[i] = v * up[i];
        }
    }

    @Override
    public void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }

    @Override
    public int bitSum(float[] a, int off, int n) {
        return CheckedDot.bitSum(a, off, n);
    }

    @Override
    public int byteSum(byte[] a, int off, int n) {
        int s = 0;
        for (int i = off; i < off + n; i++) {
            s += a[i];
        }
        return s;
    }

    @Override
    public boolean sameBits(float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(a[aOff + i]) != Float.floatToRawIntBits(b[bOff + i])) {
                return false;
            }
        }
        return true;
    }

    /** Per-thread scores buffer for the two-pass softmax; grows with the context, then stays. */
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[256]);

    private static float[] scores(int n) {
        float[] s = SCORES.get();
        if (s.length < n) {
            s = new float[Math.max(n, 2 * s.length)];
            SCORES.set(s);
        }
        return s;
    }

    /**
     * As run.c: the scores of all positions, divided by {@code sqrtf(head_size)}, a max-subtracted softmax,
     * then the weighted sum of the values. (The Vector API twin uses an online softmax; the two agree within
     * float rounding.)
     */
    @Override
    public void attention(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd) {
        attention(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, headStart, headEnd, null, null);
    }

    @Override
    public void attentionChecked(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd, float[] vRowSums, float[] checks) {
        attention(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, headStart, headEnd, vRowSums,
                checks);
    }

    private void attention(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd, float[] vRowSums, float[] checks) {
        int group = nHeads / nKvHeads;
        float sqrt = (float) Math.sqrt(headSize);
        float[] att = scores(pos + 1);
        for (int h = headStart; h < headEnd; h++) {
            int qh = qOff + h * headSize;
            int oh = outOff + h * headSize;
            int g = h / group;
            int kvOff = g * headSize;
            float sSum = 0f;
            float sAbs = 0f;
            float max = Float.NEGATIVE_INFINITY;
            int kBits = 0;
            int vBits = 0;
            for (int t = 0; t <= pos; t++) {
                float s = 0f;
                for (int i = 0; i < headSize; i++) {
                    float kv = cache.key(layer, t, kvOff + i);
                    s += q[qh + i] * kv;
                    kBits += Float.floatToRawIntBits(kv);
                }
                s /= sqrt;
                att[t] = s;
                sSum += s;
                sAbs += Math.abs(s);
                max = Math.max(max, s);
            }
            // softmax, as run.c's softmax(): exp(x - max), summed in float, then divided
            float l = 0f;
            double l2 = 0;
            boolean inRange = true;
            for (int t = 0; t <= pos; t++) {
                float p = FloatMath.exp(att[t] - max);
                inRange &= p >= 0f && p <= 1f;
                att[t] = p;
                l += p;
                l2 += p;
            }
            for (int t = 0; t <= pos; t++) {
                att[t] /= l;
            }
            for (int i = 0; i < headSize; i++) {
                out[oh + i] = 0f;
            }
            float vSum = 0f;
            float vAbs = 0f;
            for (int t = 0; t <= pos; t++) {
                float a = att[t];
                for (int i = 0; i < headSize; i++) {
                    float vv = cache.value(layer, t, kvOff + i);
                    out[oh + i] += a * vv;
                    vBits += Float.floatToRawIntBits(vv);
                }
                if (checks != null) {
                    int vr = 2 * (t * nKvHeads + g);
                    vSum += a * vRowSums[vr];
                    vAbs += a * vRowSums[vr + 1];
                }
            }
            if (checks != null) {
                int c = h * ATTENTION_CHECKS;
                checks[c + CHECK_SCORE_SUM] = sSum;
                checks[c + CHECK_SCORE_ABS] = sAbs;
                checks[c + CHECK_NORM] = l;
                checks[c + CHECK_NORM_TWIN] = (float) l2;
                checks[c + CHECK_V_SUM] = vSum;
                checks[c + CHECK_V_ABS] = inRange ? vAbs : Float.NaN;
                Kernels.putBits(checks, c + CHECK_K_BITS, kBits);
                Kernels.putBits(checks, c + CHECK_V_BITS, vBits);
            }
        }
    }
}
