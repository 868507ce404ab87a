package io.radinfer.runtime.model;

import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/**
 * The ops the forward pass calls, each named by its layer and {@link OpKind} (layer -1 for the model head).
 * {@link PlainOps} runs the kernels bare; the protection layer decorates an instance to add checksums,
 * redundant execution and voting, and fault injection sits at the same seams. The forward pass itself
 * stays the math, in order.
 *
 * <p>Implementations must not allocate per call.
 */
public interface ForwardOps {

    /** Called first in every forward pass, for positions {@code position .. position + batch - 1}. */
    void beginForward(int position, int batch);

    /** Writes the embedding row of {@code token} to {@code out[off .. off + dim)}. */
    void embed(Tensor embedding, int token, float[] out, int off);

    /**
     * {@code y = W x}. When {@code xq} is not null the weights are quantized and {@code xq} holds {@code x}
     * rounded to Q8 (value offset {@code xqOff}), so the integer path is used.
     */
    void matvec(int layer, OpKind op, Tensor w, float[] x, int xOff, Q8Activations xq, int xqOff, float[] y);

    /** {@code Y = W X} for {@code batch} vectors (prefill); {@code xq} as in {@link #matvec}. */
    void matmul(int layer, OpKind op, Tensor w, float[] x, Q8Activations xq, int batch, float[] y, int yStride);

    /** Rounds {@code n} values of {@code x} to Q8 for the integer path. */
    void quantize(int layer, OpKind op, float[] x, int xOff, int n, Q8Activations out, int outOff);

    void rmsnorm(int layer, OpKind op, float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps);

    /** RoPE on {@code heads} heads of {@code x} from {@code off}, with the cos/sin table row at {@code tableOff}. */
    void rope(int layer, float[] x, int off, int heads, int headSize, float[] cos, float[] sin, int tableOff,
            RopeLayout layout);

    /** Stores this position's K and V. */
    void cacheWrite(int layer, KvCache cache, int pos, float[] k, int kOff, float[] v, int vOff);

    /** Attention of the query at {@code pos} over the cache, all heads. */
    void attention(int layer, float[] q, int qOff, KvCache cache, int pos, int heads, int kvHeads, int headSize,
            float[] out, int outOff);

    void swiglu(int layer, float[] gate, float[] up, int n);

    /** Residual add {@code x += y} over {@code n} values. */
    void add(int layer, OpKind op, float[] x, float[] y, int n);
}
