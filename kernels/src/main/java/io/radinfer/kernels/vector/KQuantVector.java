package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/** Q4_K and Q6_K matvec for {@link VectorKernels}; for now the scalar reference. */
public final class KQuantVector {
    // placeholder: replaced by the prefill branch
    private final ScalarKernels scalar = new ScalarKernels();

    /** @param maxBits the SIMD width cap, as {@link VectorKernels#VectorKernels(int)} */
    public KQuantVector(int maxBits) {
    }

    public void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        scalar.matvec(w, x, xOff, y, rowStart, rowEnd);
    }

    public void matvecQ8(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        scalar.matvecQ8(w, x, xOff, y, rowStart, rowEnd);
    }

    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        return scalar.matvecQ8Checked(w, x, xOff, y, rowStart, rowEnd);
    }
}
