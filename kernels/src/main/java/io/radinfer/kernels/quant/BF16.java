package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;

/**
 * bfloat16 (ggml {@code GGML_TYPE_BF16}): the top 16 bits of an f32. Rounding from f32 follows ggml's
 * {@code ggml_compute_fp32_to_bf16}: round to nearest even, NaN kept quiet.
 */
public final class BF16 {
    public static final int BYTES = 2;

    private BF16() {
    }

    public static short fromFloat(float v) {
        int u = Float.floatToRawIntBits(v);
        if ((u & 0x7fffffff) > 0x7f800000) { // NaN: keep the sign and payload top, force quiet
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }

    public static float toFloat(short h) {
        return Float.intBitsToFloat((h & 0xffff) << 16);
    }

    public static float get(MemorySegment s, long byteOff) {
        return toFloat(s.get(LittleEndian.SHORT, byteOff));
    }

    public static void set(MemorySegment s, long byteOff, float v) {
        s.set(LittleEndian.SHORT, byteOff, fromFloat(v));
    }

    public static void quantizeRow(float[] x, int xOff, int n, MemorySegment dst, long dstOff) {
        for (int i = 0; i < n; i++) {
            set(dst, dstOff + (long) i * BYTES, x[xOff + i]);
        }
    }

    public static void dequantizeRow(MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = get(src, srcOff + (long) i * BYTES);
        }
    }

    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += get(w, rowOff + (long) i * BYTES) * x[xOff + i];
        }
        return sum;
    }
}
