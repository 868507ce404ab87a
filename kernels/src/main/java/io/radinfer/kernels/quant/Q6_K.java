package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q6_K}: a 256-value super-block of sixteen 16-value sub-blocks with int8 scales.
 * Layout: 128 bytes {@code ql} (low 4 bits), 64 bytes {@code qh} (high 2 bits), 16 int8 {@code scales},
 * f16 {@code d}; value = {@code d * scale * (q6 - 32)}. 210 bytes per 256 values.
 *
 * <p>Value {@code i = 128h + 32k + l} ({@code h < 2, k < 4, l < 32}) takes its low bits from
 * {@code ql[64h + l + 32(k & 1)]} (low nibble for {@code k < 2}, high for {@code k >= 2}), its high bits
 * from bits {@code 2k..2k+1} of {@code qh[32h + l]}, and its scale from {@code scales[8h + 2k + l/16]}
 * (ggml's {@code dequantize_row_q6_K}).
 */
public final class Q6_K {
    public static final int BLOCK = 256;
    public static final int BYTES = 210;
    public static final int SUB = 16;
    /** Offsets inside a block. */
    public static final int QL = 0;
    public static final int QH = 128;
    public static final int SCALES = 192;
    public static final int D = 208;

    private Q6_K() {
    }

    /** The signed 6-bit value {@code i} (0..255) of a block, in {@code [-32, 31]}. */
    public static int value(MemorySegment w, long blockOff, int i) {
        int h = i >>> 7;
        int k = (i >>> 5) & 3;
        int l = i & 31;
        int ql = u8(w, blockOff + QL + 64L * h + l + 32 * (k & 1));
        int lo = k < 2 ? ql & 0xf : ql >>> 4;
        int hi = (u8(w, blockOff + QH + 32L * h + l) >>> (2 * k)) & 3;
        return (lo | (hi << 4)) - 32;
    }

    /** The int8 scale of the 16-value sub-block holding value {@code i}. */
    public static int scaleOf(MemorySegment w, long blockOff, int i) {
        int h = i >>> 7;
        int k = (i >>> 5) & 3;
        int l = i & 31;
        return w.get(ValueLayout.JAVA_BYTE, blockOff + SCALES + 8L * h + 2 * k + (l >>> 4));
    }

    public static void dequantizeRow(MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        for (int b = 0; b < n / BLOCK; b++) {
            long in = srcOff + (long) b * BYTES;
            float d = F16.get(src, in + D);
            for (int i = 0; i < BLOCK; i++) {
                y[yOff + b * BLOCK + i] = d * scaleOf(src, in, i) * value(src, in, i);
            }
        }
    }

    /** Float path, per 16-value sub-block: {@code d * sc * sum(q*x)}. */
    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            float d = F16.get(w, in + D);
            for (int s = 0; s < BLOCK / SUB; s++) {
                float qx = 0f;
                for (int l = 0; l < SUB; l++) {
                    int i = s * SUB + l;
                    qx += value(w, in, i) * x[xOff + b * BLOCK + i];
                }
                sum += d * scaleOf(w, in, s * SUB) * qx;
            }
        }
        return sum;
    }

    /**
     * Integer path with Q8_0-style activations: per 32 values, {@code isum = sum over both 16-value halves of
     * sc * sum(q6 * qx)} exactly in int, then {@code d * dx * isum}.
     */
    public static float dotQ8(MemorySegment w, long rowOff, Q8Activations x, int xOff, int n) {
        return CheckedDot.value(dotQ8Checked(w, rowOff, x, xOff, n));
    }

    /**
     * {@link #dotQ8} together with the wrapping sum of the row's integer dot products (the quantity the ABFT
     * integer check predicts from the column sums), from one read of the row: see {@link CheckedDot}. A
     * 16-value half shares one scale, so the per-group {@code isum} is the check's {@code sum sc * q6 * qx}.
     */
    public static long dotQ8Checked(MemorySegment w, long rowOff, Q8Activations x, int xOff, int n) {
        float sum = 0f;
        int check = 0;
        for (int b = 0; b < n / BLOCK; b++) {
            long in = rowOff + (long) b * BYTES;
            float d = F16.get(w, in + D);
            for (int g = 0; g < BLOCK / 32; g++) {
                int xi = xOff + b * BLOCK + g * 32;
                int isum = 0;
                for (int half = 0; half < 2; half++) {
                    int s = 0;
                    for (int l = 0; l < SUB; l++) {
                        int i = g * 32 + half * SUB + l;
                        s += value(w, in, i) * x.qs[xi + half * SUB + l];
                    }
                    isum += s * scaleOf(w, in, g * 32 + half * SUB);
                }
                check += isum;
                sum += d * x.d[xi >> 5] * isum;
            }
        }
        return CheckedDot.pack(sum, check);
    }

    private static int u8(MemorySegment w, long off) {
        return w.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }
}
