package io.radinfer.kernels.ops;

import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Random weights and activations for kernel tests. */
public final class TestTensors {
    private TestTensors() {
    }

    public static float[] gaussian(Random rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian() * scale;
        }
        return x;
    }

    /**
     * A random {@code rows x cols} weight of {@code type}: the float types and Q8_0/Q4_0 by quantizing
     * Gaussian values; the K-quants from random bytes with sane f16 scales (any bit pattern of their
     * packed values is a valid block).
     */
    public static Tensor weight(Random rnd, GgmlType type, int rows, int cols, Arena arena) {
        Tensor t = Tensor.allocate("w", type, arena, cols, rows);
        MemorySegment s = t.data();
        if (Codec.canQuantize(type)) {
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < cols; i++) {
                    row[i] = (float) rnd.nextGaussian() * 0.1f;
                }
                Codec.quantizeRow(type, row, 0, cols, s, r * t.rowBytes());
            }
            return t;
        }
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
        }
        int blocks = (int) (s.byteSize() / type.blockBytes());
        for (int b = 0; b < blocks; b++) {
            long off = (long) b * type.blockBytes();
            if (type == GgmlType.Q4_K) {
                F16.set(s, off, 0.001f + rnd.nextFloat() * 0.01f);
                F16.set(s, off + Q4_K.DMIN, 0.001f + rnd.nextFloat() * 0.01f);
            } else {
                F16.set(s, off + Q6_K.D, 0.0005f + rnd.nextFloat() * 0.005f);
            }
        }
        return t;
    }

    /** The weight dequantized to f32, row-major. */
    public static float[] dequantize(Tensor w) {
        float[] out = new float[w.rows() * w.cols()];
        for (int r = 0; r < w.rows(); r++) {
            Codec.dequantizeRow(w.type(), w.data(), r * w.rowBytes(), out, r * w.cols(), w.cols());
        }
        return out;
    }
}
