package io.radinfer.runtime.model;

import io.radinfer.kernels.ops.FloatMath;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;

/**
 * The forward pass of a llama-family model for one session: the activation buffers, the KV cache and the
 * RoPE tables, and the math in the order it is written (llama2.c's {@code run.c}, generalised to batches,
 * grouped-query attention, quantized weights and qwen2's Q/K/V biases).
 *
 * <p>A batch of {@code n} consecutive positions goes through every op at once: with {@code n == 1} the
 * weight products are matrix-vector (decode), with {@code n > 1} matrix-matrix (prefill). Nothing is
 * allocated per call.
 */
public final class Transformer {
    private final LlamaConfig c;
    private final LlamaWeights w;
    private final ForwardOps ops;
    private final KvCache cache;
    private final int maxBatch;
    private final boolean integerPath;

    // Activations, [maxBatch][width] row-major.
    private final float[] x;
    private final float[] xb;
    private final float[] xb2;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] hb;
    private final float[] hb2;
    private final Q8Activations xq;
    private final float[] logits;
    private final float[] ropeCos;
    private final float[] ropeSin;

    /**
     * @param maxBatch the most positions one {@link #forward} call takes (prefill chunk size)
     * @param integerPath round activations to Q8 for quantized weights (ggml's integer dot products) rather
     *     than multiplying quantized weights with f32 activations
     */
    public Transformer(LlamaConfig config, LlamaWeights weights, ForwardOps ops, GgmlType cacheType,
            int contextLength, int maxBatch, boolean integerPath, Arena arena) {
        this.c = config;
        this.w = weights;
        this.ops = ops;
        this.maxBatch = maxBatch;
        this.integerPath = integerPath;
        this.cache = new KvCache(cacheType, c.layers(), contextLength, c.kvDim(), arena);
        int dim = c.dim();
        this.x = new float[maxBatch * dim];
        this.xb = new float[maxBatch * dim];
        this.xb2 = new float[maxBatch * dim];
        this.q = new float[maxBatch * dim];
        this.k = new float[maxBatch * c.kvDim()];
        this.v = new float[maxBatch * c.kvDim()];
        this.hb = new float[maxBatch * c.hiddenDim()];
        this.hb2 = new float[maxBatch * c.hiddenDim()];
        int widest = Math.max(dim, c.hiddenDim());
        this.xq = new Q8Activations(maxBatch * ((widest + 31) / 32 * 32));
        this.logits = new float[maxBatch * c.vocab()];
        int half = c.headSize() / 2;
        this.ropeCos = new float[contextLength * half];
        this.ropeSin = new float[contextLength * half];
        fillRopeTables(contextLength);
    }

    /**
     * RoPE angles as run.c computes them, in float: {@code freq = 1 / powf(theta, 2i / headSize)},
     * {@code angle = pos * freq}, and glibc's {@code cosf}/{@code sinf} of it ({@link FloatMath}), so llama2.c
     * checkpoints reproduce run.c bit for bit. ({@code powf} is taken as the correctly rounded power, which
     * is what glibc returns for the head sizes we compared.)
     */
    private void fillRopeTables(int contextLength) {
        int hs = c.headSize();
        int half = hs / 2;
        for (int i = 0; i < half; i++) {
            float freq = 1f / (float) Math.pow(c.ropeTheta(), (2 * i) / (float) hs);
            for (int pos = 0; pos < contextLength; pos++) {
                float val = pos * freq;
                ropeCos[pos * half + i] = FloatMath.cos(val);
                ropeSin[pos * half + i] = FloatMath.sin(val);
            }
        }
    }

    public LlamaConfig config() {
        return c;
    }

    public KvCache cache() {
        return cache;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Runs tokens {@code tokens[off .. off+n)} at positions {@code pos .. pos+n-1} and returns the buffer of
     * logits: row {@code i} ({@code i < n}, {@code vocab} values each) holds the logits after position
     * {@code pos+i} when {@code allLogits} is set; otherwise only row {@code n-1} (the next-token logits) is
     * computed, as row 0. {@link #lastLogitsOffset} says where the next-token logits are.
     *
     * @throws IllegalArgumentException if a token id is out of range or the positions exceed the cache
     */
    public float[] forward(int[] tokens, int off, int n, int pos, boolean allLogits) {
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " positions; this session takes 1.." + maxBatch);
        }
        if (pos < 0 || pos + n > cache.seqLen()) {
            throw new IllegalArgumentException("positions " + pos + ".." + (pos + n - 1)
                    + " exceed the context length " + cache.seqLen() + " of this session");
        }
        int dim = c.dim();
        int kvDim = c.kvDim();
        int hidden = c.hiddenDim();
        int hs = c.headSize();
        int half = hs / 2;

        for (int b = 0; b < n; b++) {
            int t = tokens[off + b];
            if (t < 0 || t >= c.vocab()) {
                throw new IllegalArgumentException("token id " + t + " is outside the vocabulary 0.." + (c.vocab() - 1));
            }
        }
        ops.beginForward(pos, n);
        for (int b = 0; b < n; b++) {
            ops.embed(w.tokenEmbedding(), tokens[off + b], x, b * dim);
        }
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);

            // attention block
            for (int b = 0; b < n; b++) {
                ops.rmsnorm(l, OpKind.ATTN_NORM, xb, b * dim, x, b * dim, lw.attnNorm(), dim, c.rmsEps());
            }
            Q8Activations xbq = quantizeFor(l, OpKind.ATTN_NORM, xb, n, dim, anyQuantized(lw.wq(), lw.wk(), lw.wv()));
            project(l, OpKind.Q, lw.wq(), xb, xbq, n, q);
            project(l, OpKind.K, lw.wk(), xb, xbq, n, k);
            project(l, OpKind.V, lw.wv(), xb, xbq, n, v);
            if (lw.bq() != null) {
                addBias(q, lw.bq(), n, dim);
                addBias(k, lw.bk(), n, kvDim);
                addBias(v, lw.bv(), n, kvDim);
            }
            for (int b = 0; b < n; b++) {
                int p = pos + b;
                ops.rope(l, q, b * dim, c.heads(), hs, ropeCos, ropeSin, p * half, c.rope());
                ops.rope(l, k, b * kvDim, c.kvHeads(), hs, ropeCos, ropeSin, p * half, c.rope());
                ops.cacheWrite(l, cache, p, k, b * kvDim, v, b * kvDim);
                ops.attention(l, q, b * dim, cache, p, c.heads(), c.kvHeads(), hs, xb2, b * dim);
            }
            Q8Activations attq = quantizeFor(l, OpKind.ATTENTION, xb2, n, dim, lw.wo().type().isQuantized());
            project(l, OpKind.ATTN_OUT, lw.wo(), xb2, attq, n, xb);
            ops.add(l, OpKind.ATTN_RESIDUAL, x, xb, n * dim);

            // feed-forward block
            for (int b = 0; b < n; b++) {
                ops.rmsnorm(l, OpKind.FFN_NORM, xb, b * dim, x, b * dim, lw.ffnNorm(), dim, c.rmsEps());
            }
            Q8Activations ffq = quantizeFor(l, OpKind.FFN_NORM, xb, n, dim, anyQuantized(lw.gate(), lw.up(), lw.up()));
            project(l, OpKind.FFN_GATE, lw.gate(), xb, ffq, n, hb);
            project(l, OpKind.FFN_UP, lw.up(), xb, ffq, n, hb2);
            ops.swiglu(l, hb, hb2, n * hidden);
            Q8Activations hq = quantizeFor(l, OpKind.SWIGLU, hb, n, hidden, lw.down().type().isQuantized());
            project(l, OpKind.FFN_DOWN, lw.down(), hb, hq, n, xb);
            ops.add(l, OpKind.FFN_RESIDUAL, x, xb, n * dim);
        }

        // head: final norm and classifier, for every row or only the last
        int first = allLogits ? 0 : n - 1;
        int rows = n - first;
        for (int b = first; b < n; b++) {
            ops.rmsnorm(-1, OpKind.OUTPUT_NORM, xb, (b - first) * dim, x, b * dim, w.outputNorm(), dim, c.rmsEps());
        }
        Q8Activations oq = quantizeFor(-1, OpKind.OUTPUT_NORM, xb, rows, dim, w.output().type().isQuantized());
        if (rows == 1) {
            ops.matvec(-1, OpKind.CLASSIFIER, w.output(), xb, 0, oq, 0, logits);
        } else {
            ops.matmul(-1, OpKind.CLASSIFIER, w.output(), xb, oq, rows, logits, c.vocab());
        }
        return logits;
    }

    /** Offset of the next-token logits in the array {@link #forward} returned, for a batch of {@code n}. */
    public int lastLogitsOffset(int n, boolean allLogits) {
        return allLogits ? (n - 1) * c.vocab() : 0;
    }


    /**
     * Rounds the {@code n} rows of {@code a} to Q8 once for all the following products whose weights take
     * the integer path; {@code null} when none does.
     */
    private Q8Activations quantizeFor(int layer, OpKind after, float[] a, int n, int width, boolean needed) {
        if (!needed || !integerPath || width % Q8Activations.BLOCK != 0) {
            return null;
        }
        ops.quantize(layer, after, a, 0, n * width, xq, 0);
        return xq;
    }

    private static boolean anyQuantized(Tensor a, Tensor b, Tensor c) {
        return a.type().isQuantized() || b.type().isQuantized() || c.type().isQuantized();
    }

    private void project(int layer, OpKind op, Tensor wt, float[] in, Q8Activations inq, int n, float[] out) {
        Q8Activations path = wt.type().isQuantized() ? inq : null;
        if (n == 1) {
            ops.matvec(layer, op, wt, in, 0, path, 0, out);
        } else {
            ops.matmul(layer, op, wt, in, path, n, out, wt.rows());
        }
    }

    private static void addBias(float[] y, float[] bias, int n, int width) {
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < width; i++) {
                y[b * width + i] += bias[i];
            }
        }
    }
}
