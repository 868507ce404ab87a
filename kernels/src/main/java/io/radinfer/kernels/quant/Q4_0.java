package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q4_0}: an f16 scale {@code d} and 16 bytes of nibbles. Byte {@code j} holds value
 * {@code j} in its low nibble and value {@code j + 16} in its high nibble; value = {@code d * (nibble - 8)}.
 * 18 bytes per 32 values.
 */
public final class Q4_0 {
    public static final int BLOCK = 32;
    public static final int BYTES = 18;
    /** Offset of the nibbles inside a block. */
    public static final int QS = 2;

    private Q4_0() {
    }

    /**
     * ggml's {@code quantize_row_q4_0_ref}: the value of largest magnitude {@code max} (sign kept) maps to
     * -8, {@code d = max / -8}; nibble = {@code min(15, (int8)(x/d + 8.5f))}.
     */
    public static void quantizeRow(float[] x, int xOff, int n, MemorySegment dst, long dstOff) {
        for (int b = 0; b < n / BLOCK; b++) {
            int base = xOff + b * BLOCK;
            long out = dstOff + (long) b * BYTES;
            float amax = 0f;
            float max = 0f;
            for (int j = 0; j < BLOCK; j++) {
                float v = x[base + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8f;
            float id = d != 0f ? 1f / d : 0f;
            F16.set(dst, out, d);
            for (int j = 0; j < BLOCK / 2; j++) {
                int lo = Math.min(15, (int) (x[base + j] * id + 8.5f));
                int hi = Math.min(15, (int) (x[base + j + 16] * id + 8.5f));
                dst.set(ValueLayout.JAVA_BYTE, out + QS + j, (byte) (lo | (hi << 4)));
            }
        }
    }

    public static void dequantizeRow(MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        for (int b = 0; b < n / BLOCK; b++) {
            long in = srcOff + (long) b * BYTES;
            float d = F16.get(src, in);
            int yb = yOff + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = src.get(ValueLayout.JAVA_BYTE, in + QS + j) & 0xff;
                y[yb + j] = d * ((q & 0xf) - 8);
                y[yb + j + 16] = d * ((q >>> 4) - 8);
            }
        }
    }

    /** Float path: {@code sum_b d_b * sum_j (nibble_j - 8) * x[j]}, accumulated in float. */
    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            int xb = xOff + b * BLOCK;
            float s = 0f;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = w.get(ValueLayout.JAVA_BYTE, in + QS + j) & 0xff;
                s += ((q & 0xf) - 8) * x[xb + j] + ((q >>> 4) - 8) * x[xb + j + 16];
            }
            sum += s * F16.get(w, in);
        }
        return sum;
    }

    /** Integer path, as ggml's {@code vec_dot_q4_0_q8_0}. */
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

    /**
     * The exact integer dot of one block with 32 quantized activations from value {@code xi}:
     * {@code sum nibble*q - 8 * sum q}, which is {@code sum (nibble - 8) * q}.
     */
    public static int blockDotQ8(MemorySegment w, long blockOff, Q8Activations x, int xi) {
        int s = 0;
        for (int j = 0; j < BLOCK / 2; j++) {
            int q = w.get(ValueLayout.JAVA_BYTE, blockOff + QS + j) & 0xff;
            s += (q & 0xf) * x.qs[xi + j] + (q >>> 4) * x.qs[xi + j + 16];
        }
        return s - 8 * x.sums[xi >> 5];
    }
}
