package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/** Batched (prefill) matmul for {@link VectorKernels}; for now the scalar reference. */
public final class MatmulVector {
    // placeholder: replaced by the prefill branch
    private final ScalarKernels scalar = new ScalarKernels();

    /** @param maxBits the SIMD width cap, as {@link VectorKernels#VectorKernels(int)} */
    public MatmulVector(int maxBits) {
    }

    public void matmul(Tensor w, float[] x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        scalar.matmul(w, x, batch, y, yStride, rowStart, rowEnd);
    }

    public void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        scalar.matmulQ8(w, x, batch, y, yStride, rowStart, rowEnd);
    }

    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart,
            int rowEnd, int[] acc) {
        scalar.matmulQ8Checked(w, x, batch, y, yStride, rowStart, rowEnd, acc);
    }
}
