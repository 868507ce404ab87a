package io.radinfer.runtime.protect;

import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_0;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Column checksums of one weight matrix, computed once at load from the golden weights, for
 * algorithm-based fault tolerance (Huang and Abraham, IEEE Trans. Computers C-33(6), 1984) of
 * {@code y = W x}:
 * <ul>
 *   <li>{@link #colSum} {@code c = 1^T W} and {@link #colAbsSum} {@code a = 1^T |W|}, in double, over the
 *       dequantized values: {@code sum(y)} must equal {@code c . x} within {@code gamma * a . |x|};</li>
 *   <li>{@link #intColSum} for quantized types: per column, the sum over rows of the integer each weight
 *       contributes to the integer dot products (Q8_0: the int8; Q4_0: nibble - 8; Q4_K: the nibble;
 *       Q6_K: scale * (q6 - 32)); for Q8 activations {@code q_x}, {@code sum_j intColSum[j] * q_x[j]} equals
 *       the sum of every block's integer dot product over all rows, exactly (mod 2^32);</li>
 *   <li>{@link #scaleTerms} for Q8_0 and Q4_0: the sum of every block scale's {@link CheckedDot#scaleTerm},
 *       which the kernels add to that integer sum, so a flipped bit in a scale is seen exactly too (the float
 *       check alone misses flips in a scale's low mantissa bits). K-quant scales are covered by the float
 *       check only.</li>
 * </ul>
 */
public final class TensorChecksums {
    private final Tensor tensor;
    private final double[] colSum;
    private final double[] colAbsSum;
    private final int[] intColSum;
    private final int scaleTerms;

    private TensorChecksums(Tensor t, double[] c, double[] a, int[] ic, int scaleTerms) {
        this.tensor = t;
        this.colSum = c;
        this.colAbsSum = a;
        this.intColSum = ic;
        this.scaleTerms = scaleTerms;
    }

    /** Computes the checksums of {@code w} (one pass over its bytes). */
    public static TensorChecksums of(Tensor w) {
        int rows = w.rows();
        int cols = w.cols();
        double[] c = new double[cols];
        double[] a = new double[cols];
        int[] ic = w.type().isQuantized() ? new int[cols] : null;
        float[] row = new float[cols];
        MemorySegment s = w.data();
        int scales = 0;
        for (int r = 0; r < rows; r++) {
            long off = r * w.rowBytes();
            Codec.dequantizeRow(w.type(), s, off, row, 0, cols);
            for (int j = 0; j < cols; j++) {
                c[j] += row[j];
                a[j] += Math.abs(row[j]);
            }
            if (ic != null) {
                addIntegers(w.type(), s, off, cols, ic);
            }
            if (w.type() == GgmlType.Q8_0 || w.type() == GgmlType.Q4_0) {
                for (int b = 0; b < cols / 32; b++) {
                    scales += CheckedDot.scaleTerm(F16.get(s, off + (long) b * w.type().blockBytes()));
                }
            }
        }
        return new TensorChecksums(w, c, a, ic, scales);
    }

    private static void addIntegers(GgmlType type, MemorySegment s, long rowOff, int cols, int[] ic) {
        switch (type) {
            case Q8_0 -> {
                for (int j = 0; j < cols; j++) {
                    ic[j] += s.get(ValueLayout.JAVA_BYTE, rowOff + (long) (j / 32) * Q8_0.BYTES + Q8_0.QS + j % 32);
                }
            }
            case Q4_0 -> {
                for (int j = 0; j < cols; j++) {
                    int q = s.get(ValueLayout.JAVA_BYTE, rowOff + (long) (j / 32) * Q4_0.BYTES + Q4_0.QS + (j % 32) % 16) & 0xff;
                    ic[j] += ((j % 32) < 16 ? q & 0xf : q >>> 4) - 8;
                }
            }
            case Q4_K -> {
                for (int j = 0; j < cols; j++) {
                    ic[j] += Q4_K.nibble(s, rowOff + (long) (j / 256) * Q4_K.BYTES, j % 256);
                }
            }
            case Q6_K -> {
                for (int j = 0; j < cols; j++) {
                    long blk = rowOff + (long) (j / 256) * Q6_K.BYTES;
                    ic[j] += Q6_K.scaleOf(s, blk, j % 256) * Q6_K.value(s, blk, j % 256);
                }
            }
            default -> throw new IllegalArgumentException(type + " has no integer path");
        }
    }

    public Tensor tensor() {
        return tensor;
    }

    /** {@code c[j] = sum_r W[r][j]}. */
    public double[] colSum() {
        return colSum;
    }

    /** {@code a[j] = sum_r |W[r][j]|}. */
    public double[] colAbsSum() {
        return colAbsSum;
    }

    /** The sum of the block scales' {@link CheckedDot#scaleTerm} (Q8_0, Q4_0; 0 for other types), wrapping. */
    public int scaleTerms() {
        return scaleTerms;
    }

    /** Per column, the sum of the integer weights of the integer path; {@code null} for float types. */
    public int[] intColSum() {
        return intColSum;
    }

    /**
     * What the integer check expects for {@code y = W x} on the integer path: {@code sum_j intColSum[j] *
     * q_x[j]} over the {@code cols()} quantized activations from value {@code xOff}, plus {@link #scaleTerms},
     * wrapping mod 2^32. A fused
     * kernel's integer sum (e.g. {@code Kernels.matvecQ8Checked}) equals it exactly when the weights it read
     * are the golden ones (or differ in a way these activations cannot see).
     *
     * @throws IllegalStateException for float weight types, which have no integer path
     */
    public int expectedIntegerSum(Q8Activations x, int xOff) {
        if (intColSum == null) {
            throw new IllegalStateException(tensor.name() + " is " + tensor.type() + ": no integer path to check");
        }
        int s = scaleTerms;
        for (int j = 0; j < intColSum.length; j++) {
            s += intColSum[j] * x.qs[xOff + j];
        }
        return s;
    }
}
