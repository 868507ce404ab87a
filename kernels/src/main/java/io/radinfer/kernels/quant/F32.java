package io.radinfer.kernels.quant;

import java.lang.foreign.MemorySegment;

/** Plain little-endian float32 rows (ggml {@code GGML_TYPE_F32}). */
public final class F32 {
    public static final int BYTES = 4;

    private F32() {
    }

    public static void quantizeRow(float[] x, int xOff, int n, MemorySegment dst, long dstOff) {
        for (int i = 0; i < n; i++) {
            dst.set(LittleEndian.FLOAT, dstOff + (long) i * BYTES, x[xOff + i]);
        }
    }

    public static void dequantizeRow(MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = src.get(LittleEndian.FLOAT, srcOff + (long) i * BYTES);
        }
    }

    public static float dot(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += w.get(LittleEndian.FLOAT, rowOff + (long) i * BYTES) * x[xOff + i];
        }
        return sum;
    }
}
