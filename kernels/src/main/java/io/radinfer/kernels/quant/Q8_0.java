package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q8_0}: an f16 scale {@code d} followed by 32 int8 values; value {@code j} is
 * {@code d * qs[j]}. 34 bytes per 32 values.
 */
public final class Q8_0 {
    public static final int BLOCK = 32;
    public static final int BYTES = 34;
    /** Offset of {@code qs} inside a block (after the 2-byte scale). */
    public static final int QS = 2;

    private Q8_0() {
    }

    /**
     * ggml's {@code quantize_row_q8_0_ref}: {@code d = max|x| / 127}, {@code qs[j] = roundf(x[j] / d)}.
     *
     * @param n a multiple of 32
     */
    public static void quantizeRow(float[] x, int xOff, int n, MemorySegment dst, long dstOff) {
        for (int b = 0; b < n / BLOCK; b++) {
            int base = xOff + b * BLOCK;
            long out = dstOff + (long) b * BYTES;
            float amax = 0f;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(x[base + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            F16.set(dst, out, d);
            for (int j = 0; j < BLOCK; j++) {
                dst.set(ValueLayout.JAVA_BYTE, out + QS + j, (byte) Rounding.roundHalfAway(x[base + j] * id));
            }
        }
    }

    /**
     * Rounds activations for the integer path the same way as {@link #quantizeRow}, into {@code out}'s
     * separate int8/scale/sum arrays (scale kept as the f16-rounded value the weights path would store).
     */
    public static void quantizeActivations(float[] x, int xOff, int n, Q8Activations out, int outOff) {
        for (int b = 0; b < n / BLOCK; b++) {
            int base = xOff + b * BLOCK;
            int o = outOff + b * BLOCK;
            float amax = 0f;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(x[base + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            int sum = 0;
            for (int j = 0; j < BLOCK; j++) {
                int q = Rounding.roundHalfAway(x[base + j] * id);
                out.qs[o + j] = (byte) q;
                sum += q;
            }
            out.d[o >> 5] = F16.round(d);
            out.sums[o >> 5] = sum;
        }
    }

    public static void dequantizeRow(MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        for (int b = 0; b < n / BLOCK; b++) {
            long in = srcOff + (long) b * BYTES;
            float d = F16.get(src, in);
            for (int j = 0; j < BLOCK; j++) {
                y[yOff + b * BLOCK + j] = d * src.get(ValueLayout.JAVA_BYTE, in + QS + j);
            }
        }
    }

    /** Float path: {@code sum_b d_b * sum_j qs[j] * x[j]}, accumulated in float. */
    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            int xb = xOff + b * BLOCK;
            float s = 0f;
            for (int j = 0; j < BLOCK; j++) {
                s += w.get(ValueLayout.JAVA_BYTE, in + QS + j) * x[xb + j];
            }
            sum += s * F16.get(w, in);
        }
        return sum;
    }

    /**
     * Integer path, as ggml's {@code vec_dot_q8_0_q8_0}: per block the int8 products are summed in an int
     * and scaled by both block scales; the block results are summed in float.
     */
    public static float dotQ8(MemorySegment w, long rowOff, Q8Activations x, int xOff, int n) {
        return CheckedDot.value(dotQ8Checked(w, rowOff, x, xOff, n));
    }

    /**
     * {@link #dotQ8} together with the wrapping sum of the row's integer dot products and its blocks' scale
     * terms ({@link CheckedDot#scaleTerm}; the quantity the ABFT integer check predicts from the column sums),
     * from one read of the row: see {@link CheckedDot}.
     */
    public static long dotQ8Checked(MemorySegment w, long rowOff, Q8Activations x, int xOff, int n) {
        float sum = 0f;
        int check = 0;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            int isum = blockDotQ8(w, in, x, xOff + b * BLOCK);
            float dw = F16.get(w, in);
            check += isum + CheckedDot.scaleTerm(dw);
            sum += isum * (dw * x.d[(xOff >> 5) + b]);
        }
        return CheckedDot.pack(sum, check);
    }

    /** The exact integer dot of one weight block with 32 quantized activations starting at value {@code xi}. */
    public static int blockDotQ8(MemorySegment w, long blockOff, Q8Activations x, int xi) {
        int s = 0;
        for (int j = 0; j < BLOCK; j++) {
            s += w.get(ValueLayout.JAVA_BYTE, blockOff + QS + j) * x.qs[xi + j];
        }
        return s;
    }
}
