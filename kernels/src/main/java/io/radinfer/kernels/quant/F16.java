package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;

/**
 * IEEE half precision (ggml {@code GGML_TYPE_F16}): 2 bytes per value, little-endian. Conversions are the
 * JDK's {@link Float#floatToFloat16} (round to nearest even, as the F16C instructions ggml uses) and
 * {@link Float#float16ToFloat}, which the JIT turns into single instructions on x86.
 */
public final class F16 {
    public static final int BYTES = 2;

    private F16() {
    }

    public static float get(MemorySegment s, long byteOff) {
        return Float.float16ToFloat(s.get(LittleEndian.SHORT, byteOff));
    }

    public static void set(MemorySegment s, long byteOff, float v) {
        s.set(LittleEndian.SHORT, byteOff, Float.floatToFloat16(v));
    }

    /** f32 -> f16 -> f32: the value an f16 store keeps. */
    public static float round(float v) {
        return Float.float16ToFloat(Float.floatToFloat16(v));
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

    /** Scalar dot of an f16 row with f32 activations, accumulated in float. */
    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += get(w, rowOff + (long) i * BYTES) * x[xOff + i];
        }
        return sum;
    }
}
