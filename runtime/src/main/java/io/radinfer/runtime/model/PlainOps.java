package io.radinfer.runtime.model;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.parallel.ParallelKernels;
import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/** The unprotected ops: straight to the kernels, matrix ops split across the session's worker pool. */
public final class PlainOps implements ForwardOps {
    private final ParallelKernels p;
    private final Kernels k;

    public PlainOps(ParallelKernels parallel) {
        this.p = parallel;
        this.k = parallel.kernels();
    }

    @Override
    public void beginForward(int position, int batch) {
    }

    @Override
    public void embed(Tensor embedding, int token, float[] out, int off) {
        Codec.dequantizeRow(embedding.type(), embedding.data(), token * embedding.rowBytes(), out, off, embedding.cols());
    }

    @Override
    public void matvec(int layer, OpKind op, Tensor w, float[] x, int xOff, Q8Activations xq, int xqOff, float[] y) {
        if (xq != null) {
            p.matvecQ8(w, xq, xqOff, y);
        } else {
            p.matvec(w, x, xOff, y);
        }
    }

    @Override
    public void matmul(int layer, OpKind op, Tensor w, float[] x, Q8Activations xq, int batch, float[] y, int yStride) {
        if (xq != null) {
            p.matmulQ8(w, xq, batch, y, yStride);
        } else {
            p.matmul(w, x, batch, y, yStride);
        }
    }

    @Override
    public void quantize(int layer, OpKind op, float[] x, int xOff, int n, Q8Activations out, int outOff) {
        k.quantizeQ8(x, xOff, n, out, outOff);
    }

    @Override
    public void rmsnorm(int layer, OpKind op, float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        k.rmsnorm(out, outOff, x, xOff, w, n, eps);
    }

    @Override
    public void rope(int layer, float[] x, int off, int heads, int headSize, float[] cos, float[] sin, int tableOff,
            RopeLayout layout) {
        k.rope(x, off, 0, heads, headSize, cos, sin, tableOff, layout);
    }

    @Override
    public void cacheWrite(int layer, KvCache cache, int pos, float[] kv, int kOff, float[] v, int vOff) {
        cache.write(layer, pos, kv, kOff, v, vOff);
    }

    @Override
    public void attention(int layer, float[] q, int qOff, KvCache cache, int pos, int heads, int kvHeads, int headSize,
            float[] out, int outOff) {
        p.attention(q, qOff, cache, layer, pos, heads, kvHeads, headSize, out, outOff);
    }

    @Override
    public void swiglu(int layer, float[] gate, float[] up, int n) {
        k.swiglu(gate, up, n);
    }

    @Override
    public void add(int layer, OpKind op, float[] x, float[] y, int n) {
        k.add(x, y, n);
    }
}
