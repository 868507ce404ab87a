package io.radinfer.kernels.quant;

import io.radinfer.kernels.tensor.GgmlType;

import java.lang.foreign.MemorySegment;

/** Row conversion between f32 and every {@link GgmlType}, dispatched by type. */
public final class Codec {
    private Codec() {
    }

    /** Whether {@link #quantizeRow} can write {@code type}. */
    public static boolean canQuantize(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0 -> true;
            case Q4_K, Q6_K -> false;
        };
    }

    /**
     * Writes {@code n} values of {@code x} as one {@code type} row at {@code dst + dstOff}.
     *
     * @throws UnsupportedOperationException for the K-quants (radinfer reads them but does not write them)
     */
    public static void quantizeRow(GgmlType type, float[] x, int xOff, int n, MemorySegment dst, long dstOff) {
        type.rowBytes(n);
        switch (type) {
            case F32 -> F32.quantizeRow(x, xOff, n, dst, dstOff);
            case F16 -> F16.quantizeRow(x, xOff, n, dst, dstOff);
            case BF16 -> BF16.quantizeRow(x, xOff, n, dst, dstOff);
            case Q8_0 -> Q8_0.quantizeRow(x, xOff, n, dst, dstOff);
            case Q4_0 -> Q4_0.quantizeRow(x, xOff, n, dst, dstOff);
            case Q4_K, Q6_K -> throw new UnsupportedOperationException(
                    "radinfer reads " + type + " but cannot write it; quantize to q8_0, q4_0, f16 or f32");
        }
    }

    /** Reads one {@code type} row of {@code n} values at {@code src + srcOff} into {@code y}. */
    public static void dequantizeRow(GgmlType type, MemorySegment src, long srcOff, float[] y, int yOff, int n) {
        type.rowBytes(n);
        switch (type) {
            case F32 -> F32.dequantizeRow(src, srcOff, y, yOff, n);
            case F16 -> F16.dequantizeRow(src, srcOff, y, yOff, n);
            case BF16 -> BF16.dequantizeRow(src, srcOff, y, yOff, n);
            case Q8_0 -> Q8_0.dequantizeRow(src, srcOff, y, yOff, n);
            case Q4_0 -> Q4_0.dequantizeRow(src, srcOff, y, yOff, n);
            case Q4_K -> Q4_K.dequantizeRow(src, srcOff, y, yOff, n);
            case Q6_K -> Q6_K.dequantizeRow(src, srcOff, y, yOff, n);
        }
    }
}
