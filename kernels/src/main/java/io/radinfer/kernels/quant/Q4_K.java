package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q4_K}: a 256-value super-block of eight 32-value sub-blocks. Layout: f16 {@code d},
 * f16 {@code dmin}, 12 bytes packing eight 6-bit scales and eight 6-bit mins, 128 bytes of nibbles.
 * Sub-block {@code s} covers values {@code [32s, 32s+32)}; value = {@code d*scale_s*nibble - dmin*min_s}.
 * Nibbles: bytes {@code [32j, 32j+32)} hold sub-block {@code 2j} in their low nibbles and {@code 2j+1} in
 * their high nibbles. 144 bytes per 256 values.
 */
public final class Q4_K {
    public static final int BLOCK = 256;
    public static final int BYTES = 144;
    public static final int SUB = 32;
    /** Offsets inside a block. */
    public static final int DMIN = 2;
    public static final int SCALES = 4;
    public static final int QS = 16;

    private Q4_K() {
    }

    /** ggml's {@code get_scale_min_k4}: the 6-bit scale of sub-block {@code s}. */
    public static int scale(MemorySegment w, long blockOff, int s) {
        if (s < 4) {
            return u8(w, blockOff + SCALES + s) & 63;
        }
        return (u8(w, blockOff + SCALES + s + 4) & 0xf) | ((u8(w, blockOff + SCALES + s - 4) >>> 6) << 4);
    }

    /** ggml's {@code get_scale_min_k4}: the 6-bit min of sub-block {@code s}. */
    public static int min(MemorySegment w, long blockOff, int s) {
        if (s < 4) {
            return u8(w, blockOff + SCALES + s + 4) & 63;
        }
        return (u8(w, blockOff + SCALES + s + 4) >>> 4) | ((u8(w, blockOff + SCALES + s) >>> 6) << 4);
    }

    /** The 4-bit value {@code i} (0..255) of a block. */
    public static int nibble(MemorySegment w, long blockOff, int i) {
        int j = i >>> 6;
        int r = i & 63;
        int q = u8(w, blockOff + QS + 32L * j + (r & 31));
        return r < 32 ? q & 0xf : q >>> 4;
    }

    public static void dequantizeRow(MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        for (int b = 0; b < n / BLOCK; b++) {
            long in = srcOff + (long) b * BYTES;
            float d = F16.get(src, in);
            float dmin = F16.get(src, in + DMIN);
            for (int s = 0; s < BLOCK / SUB; s++) {
                float ds = d * scale(src, in, s);
                float ms = dmin * min(src, in, s);
                for (int l = 0; l < SUB; l++) {
                    int i = s * SUB + l;
                    y[yOff + b * BLOCK + i] = ds * nibble(src, in, i) - ms;
                }
            }
        }
    }

    /** Float path, per sub-block: {@code d*sc*sum(q*x) - dmin*m*sum(x)}. */
    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            float d = F16.get(w, in);
            float dmin = F16.get(w, in + DMIN);
            for (int s = 0; s < BLOCK / SUB; s++) {
                float qx = 0f;
                float sx = 0f;
                for (int l = 0; l < SUB; l++) {
                    int i = s * SUB + l;
                    float xv = x[xOff + b * BLOCK + i];
                    qx += nibble(w, in, i) * xv;
                    sx += xv;
                }
                sum += d * scale(w, in, s) * qx - dmin * min(w, in, s) * sx;
            }
        }
        return sum;
    }

    /**
     * Integer path with Q8_0-style activations (one scale per 32 values, which lines up with the
     * sub-blocks): per sub-block the nibble x int8 products are summed in an int, then
     * {@code dx * (d*sc*isum - dmin*m*sum(qx))}.
     */
    public static float dotQ8(MemorySegment w, long rowOff, Q8Activations x, int xOff, int n) {
        return CheckedDot.value(dotQ8Checked(w, rowOff, x, xOff, n));
    }

    /**
     * {@link #dotQ8} together with the wrapping sum of the row's integer dot products (the quantity the ABFT
     * integer check predicts from the column sums), from one read of the row: see {@link CheckedDot}.
     */
    public static long dotQ8Checked(MemorySegment w, long rowOff, Q8Activations x, int xOff, int n) {
        float sum = 0f;
        int check = 0;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            float d = F16.get(w, in);
            float dmin = F16.get(w, in + DMIN);
            for (int s = 0; s < BLOCK / SUB; s++) {
                int xi = xOff + b * BLOCK + s * SUB;
                int isum = 0;
                for (int l = 0; l < SUB; l++) {
                    isum += nibble(w, in, s * SUB + l) * x.qs[xi + l];
                }
                check += isum;
                sum += x.d[xi >> 5] * (d * scale(w, in, s) * isum - dmin * min(w, in, s) * x.sums[xi >> 5]);
            }
        }
        return CheckedDot.pack(sum, check);
    }

    private static int u8(MemorySegment w, long off) {
        return w.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }
}
