package io.radinfer.runtime.model;

import io.radinfer.kernels.tensor.Tensor;

/**
 * The weights of one transformer block. Matrices are {@link Tensor}s of any supported type (memory-mapped,
 * not copied); norm weights and biases are small and kept as f32 arrays.
 *
 * @param bq query bias, or {@code null} (qwen2 only)
 */
public record LayerWeights(float[] attnNorm, Tensor wq, Tensor wk, Tensor wv, Tensor wo, float[] bq, float[] bk,
        float[] bv, float[] ffnNorm, Tensor gate, Tensor up, Tensor down) {
}
