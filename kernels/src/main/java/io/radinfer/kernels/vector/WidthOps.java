package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/**
 * The ops {@link WidthKernels} provides at one width, with the contracts of the same-named-by-purpose
 * methods of {@link io.radinfer.kernels.ops.Kernels} (names differ so the template's static bodies can keep
 * the plain names).
 */
interface WidthOps {
    int bits();

    /** {@code Kernels.matvec} for F32, F16, BF16, Q8_0 and Q4_0 weights. */
    void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd);

    /** {@code Kernels.matvecQ8Checked} for Q8_0 and Q4_0 weights. */
    int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd);

    void quantize(float[] x, int xOff, int n, Q8Activations out, int outOff);

    float dotProduct(float[] a, int aOff, float[] b, int bOff, int n);

    void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps);

    void softMax(float[] x, int off, int n);

    void rotary(float[] x, int off, int headStart, int headEnd, int headSize, float[] cos, float[] sin, int tableOff,
            RopeLayout layout);

    void swiGlu(float[] gate, float[] up, int n);

    void residual(float[] x, float[] y, int n);

    /** {@code Kernels.bitSum}. */
    int rawBitSum(float[] a, int off, int n);

    /** {@code Kernels.byteSum}. */
    int signedByteSum(byte[] a, int off, int n);

    /** {@code Kernels.sameBits}. */
    boolean bitwiseEqual(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code Kernels.attentionChecked}; {@code vRowSums} and {@code checks} null for plain attention. */
    void attend(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads, int headSize,
            float[] out, int outOff, int headStart, int headEnd, float[] vRowSums, float[] checks);
}
