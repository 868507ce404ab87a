package io.radinfer.kernels.ops;

import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/**
 * The compute kernels of a forward pass. {@link ScalarKernels} is the plain-Java reference; {@code
 * VectorKernels} is the Vector API twin; {@link KernelProvider} picks one at start-up.
 *
 * <p>Every method works on a range (of rows, heads or values) so a {@code WorkerPool} can split it across
 * threads; none allocates. Activations are on-heap {@code float[]} buffers owned by the caller's session;
 * weights are {@link Tensor}s (off-heap, possibly memory-mapped). A weight matrix {@code W} has
 * {@code W.rows()} rows of {@code W.cols()} values; row {@code r} of {@code W x} is the dot product of
 * row {@code r} with {@code x}.
 */
public interface Kernels {

    /** A short name for logs, e.g. {@code "vector-512"} or {@code "scalar"}. */
    String name();

    /** Bits of the SIMD species used for floats, or 0 for the scalar kernels. */
    int vectorBits();

    // ---- matrix-vector (decode) ----

    /**
     * Float path: {@code y[r] = sum_j W[r][j] * x[xOff + j]} for {@code r in [rowStart, rowEnd)}, for every
     * weight type; quantized weights are dequantized on the fly, activations stay f32.
     */
    void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd);

    /**
     * Integer path for quantized weights (Q8_0, Q4_0; K-quants where supported): {@code x} was rounded by
     * {@link #quantizeQ8}; per 32-block the int8 x int8 (or int4 x int8) products are summed in an int, then
     * scaled by both block scales, as ggml's {@code vec_dot_q8_0_q8_0} / {@code vec_dot_q4_0_q8_0}.
     *
     * @param xOff value offset of the vector in {@code x} (a multiple of 32)
     * @throws UnsupportedOperationException for weight types without an integer path
     */
    void matvecQ8(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd);

    /**
     * {@link #matvecQ8} fused with the integer check of algorithm-based fault tolerance: also returns the sum,
     * wrapping mod 2^32, of every per-block integer dot product of rows {@code [rowStart, rowEnd)} (for the
     * K-quants, of the integers their sub-blocks multiply: see {@code TensorChecksums}). The weights are read
     * once for both, so a concurrent repair by the weight scrubber cannot give the output and the sum
     * different bytes ({@link io.radinfer.kernels.quant.CheckedDot}).
     */
    int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd);

    // ---- matrix-matrix (prefill) ----

    /**
     * Float path for a batch: for {@code b < batch}, {@code y[b*yStride + r] = W[r] . x[b*w.cols() ...]}
     * for {@code r in [rowStart, rowEnd)}. {@code x} holds {@code batch} vectors of {@code w.cols()} values
     * back to back. Tiled so that each weight block is read once per tile of activation columns.
     */
    void matmul(Tensor w, float[] x, int batch, float[] y, int yStride, int rowStart, int rowEnd);

    /** Integer path for a batch: {@code x} holds {@code batch} quantized vectors of {@code w.cols()} values. */
    void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd);

    /**
     * {@link #matmulQ8} fused with the integer check: adds to {@code acc[b]} (wrapping) the sum of every
     * per-block integer dot product of rows {@code [rowStart, rowEnd)} with activation vector {@code b}, from
     * the same read of the weights as the outputs (as {@link #matvecQ8Checked}).
     */
    void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd,
            int[] acc);

    /**
     * Rounds {@code n} values of {@code x} (from {@code xOff}) to Q8_0 into {@code out} from value
     * {@code outOff}; {@code n} and {@code outOff} are multiples of 32.
     */
    void quantizeQ8(float[] x, int xOff, int n, Q8Activations out, int outOff);

    // ---- vector ops (decode and prefill) ----

    /** {@code sum_i a[aOff+i] * b[bOff+i]} for {@code i < n}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * RMSNorm: {@code out[i] = w[i] * x[i] / sqrt(mean(x^2) + eps)}, with the sum of squares accumulated in
     * float as llama2.c's {@code rmsnorm}.
     */
    void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps);

    /** In-place softmax of {@code x[off .. off+n)}, max-subtracted. */
    void softmax(float[] x, int off, int n);

    /**
     * In-place rotary embedding of heads {@code [headStart, headEnd)} of {@code x} (head {@code h} at
     * {@code off + h*headSize}): pair {@code i < headSize/2} is rotated by the angle whose cosine and sine
     * are {@code cos[tableOff + i]} and {@code sin[tableOff + i]} (the caller's table row for this position).
     */
    void rope(float[] x, int off, int headStart, int headEnd, int headSize, float[] cos, float[] sin,
            int tableOff, RopeLayout layout);

    /** SwiGLU in place: {@code gate[i] = silu(gate[i]) * up[i]}, {@code silu(v) = v / (1 + exp(-v))}. */
    void swiglu(float[] gate, float[] up, int n);

    /** Residual add in place: {@code x[i] += y[i]}. */
    void add(float[] x, float[] y, int n);

    /**
     * The wrapping sum of the raw bits ({@code Float.floatToRawIntBits}) of {@code a[off .. off + n)}: any single
     * flipped bit changes it (by +-2^k, never 0 mod 2^32). Integer sums: the same in any order, so every
     * implementation returns exactly {@link io.radinfer.kernels.quant.CheckedDot#bitSum}. The protection layer's
     * guards and output checks run it on every activation they record or verify.
     */
    int bitSum(float[] a, int off, int n);

    /**
     * Whether {@code a[aOff .. aOff + n)} and {@code b[bOff .. bOff + n)} are equal bit for bit: NaN payloads and
     * the sign of zero count, unlike {@code Arrays.equals}. The comparison of redundant executions.
     */
    boolean sameBits(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * The wrapping int sum of the signed bytes {@code a[off .. off + n)}: exact in any order. The guard of
     * quantized activations ({@link io.radinfer.kernels.quant.Q8Activations#qs}) between the rounding and
     * the matrix ops that read them.
     */
    int byteSum(byte[] a, int off, int n);

    /**
     * Causal grouped-query attention of one query position over the cache, for query heads
     * {@code [headStart, headEnd)}. Query head {@code h} (values {@code q[qOff + h*headSize ..]}) attends
     * to KV head {@code h / (nHeads / nKvHeads)} at positions {@code 0..pos} of {@code layer}, with scores
     * scaled by {@code 1/sqrt(headSize)} and an online (streaming) softmax; the result goes to
     * {@code out[outOff + h*headSize ..]}.
     */
    void attention(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd);

    /** Values {@link #attentionChecked} writes per head. */
    int ATTENTION_CHECKS = 10;
    /** Index of {@code sum_t s_t}, the scaled scores. */
    int CHECK_SCORE_SUM = 0;
    /** Index of {@code sum_t |s_t|}. */
    int CHECK_SCORE_ABS = 1;
    /** Index of the softmax normaliser {@code l = sum_t p_t} (with {@code p_t = exp(s_t - max)}). */
    int CHECK_NORM = 2;
    /** Index of {@code l} accumulated a second way (in double) to catch a fault in {@code l} itself. */
    int CHECK_NORM_TWIN = 3;
    /** Index of {@code sum_t p_t * vsum_t / l}: what the output's element sum must equal. */
    int CHECK_V_SUM = 4;
    /** Index of {@code sum_t p_t * vabs_t / l}, for the rounding bound, or NaN if some {@code p_t} was outside [0, 1]. */
    int CHECK_V_ABS = 5;
    /**
     * Index of the high 16 bits of the wrapping sum of the raw bits ({@code Float.floatToRawIntBits} of the
     * value as read, f16 widened to f32) of every key the head read; the low 16 bits follow. Both halves are
     * small integers, exact in a float. Any single flipped bit in a key changes the sum, which the float
     * score check cannot promise for flips in low mantissa bits.
     */
    int CHECK_K_BITS = 6;
    /** Index of the same bit sum (high half, then low half) over every value the head read. */
    int CHECK_V_BITS = 8;

    /** Stores the 32-bit {@code bits} as two exact 16-bit halves at {@code checks[i]} and {@code checks[i + 1]}. */
    static void putBits(float[] checks, int i, int bits) {
        checks[i] = bits >>> 16;
        checks[i + 1] = bits & 0xffff;
    }

    /** Reads what {@link #putBits} stored. */
    static int getBits(float[] checks, int i) {
        return ((int) checks[i] << 16) | (int) checks[i + 1];
    }

    /**
     * {@link #attention} fused with the checksums of algorithm-based fault tolerance. {@code vRowSums[2 *
     * (t * nKvHeads + g)]} and {@code [.. + 1]} hold the sum and the absolute sum of position {@code t}'s
     * values in KV head {@code g}, recorded when they were written; for each head {@code h} the kernel writes
     * {@link #ATTENTION_CHECKS} values to {@code checks[h * ATTENTION_CHECKS ..]} (see the {@code CHECK_*}
     * indices) from the same scores and weights it uses for the output.
     */
    void attentionChecked(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd, float[] vRowSums, float[] checks);
}
