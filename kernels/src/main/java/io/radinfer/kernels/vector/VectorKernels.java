package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/**
 * The Vector API kernels ({@code jdk.incubator.vector}), twin of {@link io.radinfer.kernels.ops.ScalarKernels}
 * and loaded by {@link io.radinfer.kernels.ops.KernelProvider}. The kernel bodies live in {@link WidthKernels}, one
 * hidden-class copy per width so that each sees its species as a constant (see {@link Widths}). Batched matmul goes to {@link MatmulVector}, the K-quant matvecs to {@link KQuantVector}.
 *
 * <p>Per-op error bounds against the scalar twin are stated on {@link WidthKernels}; the integer sums of the
 * integer path and the Q8 rounding of activations are exact. Nothing here allocates per call.
 */
public final class VectorKernels implements Kernels {
    private final int bits;
    private final WidthOps ops;
    private final MatmulVector matmul;
    private final KQuantVector kquant;

    /**
     * @param maxBits 0 for the platform's preferred float width, else 128, 256 or 512 to cap it
     * @throws IllegalArgumentException for another value
     */
    public VectorKernels(int maxBits) {
        this.bits = Widths.choose(maxBits);
        this.ops = Widths.ops(bits);
        this.matmul = new MatmulVector(bits);
        this.kquant = new KQuantVector(bits);
    }

    @Override
    public String name() {
        return "vector-" + bits;
    }

    @Override
    public int vectorBits() {
        return bits;
    }

    @Override
    public void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        switch (w.type()) {
            case Q4_K, Q6_K -> kquant.matvec(w, x, xOff, y, rowStart, rowEnd);
            default -> ops.matvec(w, x, xOff, y, rowStart, rowEnd);
        }
    }

    @Override
    public void matvecQ8(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        switch (w.type()) {
            case Q8_0, Q4_0 -> ops.matvecQ8Checked(w, x, xOff, y, rowStart, rowEnd);
            case Q4_K, Q6_K -> kquant.matvecQ8(w, x, xOff, y, rowStart, rowEnd);
            case F32, F16, BF16 -> throw noIntegerPath(w);
        }
    }

    @Override
    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        return switch (w.type()) {
            case Q8_0, Q4_0 -> ops.matvecQ8Checked(w, x, xOff, y, rowStart, rowEnd);
            case Q4_K, Q6_K -> kquant.matvecQ8Checked(w, x, xOff, y, rowStart, rowEnd);
            case F32, F16, BF16 -> throw noIntegerPath(w);
        };
    }

    private static UnsupportedOperationException noIntegerPath(Tensor w) {
        return new UnsupportedOperationException(
                "no integer path for " + w.type() + " weights (" + w.name() + "); use matvec");
    }

    @Override
    public void matmul(Tensor w, float[] x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        matmul.matmul(w, x, batch, y, yStride, rowStart, rowEnd);
    }

    @Override
    public void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        matmul.matmulQ8(w, x, batch, y, yStride, rowStart, rowEnd);
    }

    @Override
    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart,
            int rowEnd, int[] acc) {
        matmul.matmulQ8Checked(w, x, batch, y, yStride, rowStart, rowEnd, acc);
    }

    @Override
    public void quantizeQ8(float[] x, int xOff, int n, Q8Activations out, int outOff) {
        ops.quantize(x, xOff, n, out, outOff);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return ops.dotProduct(a, aOff, b, bOff, n);
    }

    @Override
    public void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        ops.rmsNorm(out, outOff, x, xOff, w, n, eps);
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        ops.softMax(x, off, n);
    }

    @Override
    public void rope(float[] x, int off, int headStart, int headEnd, int headSize, float[] cos, float[] sin,
            int tableOff, RopeLayout layout) {
        ops.rotary(x, off, headStart, headEnd, headSize, cos, sin, tableOff, layout);
    }

    @Override
    public void swiglu(float[] gate, float[] up, int n) {
        ops.swiGlu(gate, up, n);
    }

    @Override
    public void add(float[] x, float[] y, int n) {
        ops.residual(x, y, n);
    }

    @Override
    public int bitSum(float[] a, int off, int n) {
        return ops.rawBitSum(a, off, n);
    }

    @Override
    public int byteSum(byte[] a, int off, int n) {
        return ops.signedByteSum(a, off, n);
    }

    @Override
    public boolean sameBits(float[] a, int aOff, float[] b, int bOff, int n) {
        return ops.bitwiseEqual(a, aOff, b, bOff, n);
    }

    @Override
    public void attention(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd) {
        ops.attend(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, headStart, headEnd, null,
                null);
    }

    @Override
    public void attentionChecked(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd, float[] vRowSums, float[] checks) {
        ops.attend(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, headStart, headEnd,
                vRowSums, checks);
    }
}
