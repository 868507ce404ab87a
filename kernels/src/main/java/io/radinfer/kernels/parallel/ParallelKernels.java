package io.radinfer.kernels.parallel;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.Tensor;

/**
 * The row-parallel ops of a forward pass: each call splits the rows (or heads) of one kernel call across
 * a {@link WorkerPool}. The task objects are made once here and refilled per call, so a call allocates
 * nothing.
 *
 * <p>One instance serves one session: calls must not overlap.
 */
public final class ParallelKernels {
    /**
     * Rows per scheduling unit: 16 f32 outputs fill one 64-byte cache line, so two threads never write
     * the same line of {@code y}.
     */
    public static final int ROW_GRAIN = 16;

    private final Kernels k;
    private final WorkerPool pool;
    private final MatvecTask matvec = new MatvecTask();
    private final MatvecQ8Task matvecQ8 = new MatvecQ8Task();
    private final MatmulTask matmul = new MatmulTask();
    private final MatmulQ8Task matmulQ8 = new MatmulQ8Task();
    private final AttentionTask attention = new AttentionTask();
    private final MatvecQ8CheckedTask matvecQ8Checked;
    private final MatmulQ8CheckedTask matmulQ8Checked;
    private final AttentionCheckedTask attentionChecked = new AttentionCheckedTask();

    public ParallelKernels(Kernels kernels, WorkerPool pool) {
        this.k = kernels;
        this.pool = pool;
        this.matvecQ8Checked = new MatvecQ8CheckedTask();
        this.matmulQ8Checked = new MatmulQ8CheckedTask();
    }

    public Kernels kernels() {
        return k;
    }

    public WorkerPool pool() {
        return pool;
    }

    /** {@code y = W x} (float path), rows split across the pool. */
    public void matvec(Tensor w, float[] x, int xOff, float[] y) {
        MatvecTask t = matvec;
        t.w = w;
        t.x = x;
        t.xOff = xOff;
        t.y = y;
        pool.run(t, w.rows(), ROW_GRAIN);
        t.clear();
    }

    /** {@code y = W x} (integer path on activations already rounded to Q8), rows split across the pool. */
    public void matvecQ8(Tensor w, Q8Activations x, int xOff, float[] y) {
        MatvecQ8Task t = matvecQ8;
        t.w = w;
        t.x = x;
        t.xOff = xOff;
        t.y = y;
        pool.run(t, w.rows(), ROW_GRAIN);
        t.clear();
    }

    /** {@code Y = W X} for {@code batch} activation vectors (float path), rows split across the pool. */
    public void matmul(Tensor w, float[] x, int batch, float[] y, int yStride) {
        MatmulTask t = matmul;
        t.w = w;
        t.x = x;
        t.batch = batch;
        t.y = y;
        t.yStride = yStride;
        pool.run(t, w.rows(), ROW_GRAIN);
        t.clear();
    }

    /** {@code Y = W X} for {@code batch} quantized activation vectors (integer path). */
    public void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride) {
        MatmulQ8Task t = matmulQ8;
        t.w = w;
        t.x = x;
        t.batch = batch;
        t.y = y;
        t.yStride = yStride;
        pool.run(t, w.rows(), ROW_GRAIN);
        t.clear();
    }

    /**
     * {@link #matvecQ8} fused with the ABFT integer check: returns the wrapping sum of all per-block integer
     * dot products (see {@link Kernels#matvecQ8Checked}).
     */
    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y) {
        MatvecQ8CheckedTask t = matvecQ8Checked;
        t.w = w;
        t.x = x;
        t.xOff = xOff;
        t.y = y;
        java.util.Arrays.fill(t.partial, 0);
        pool.run(t, w.rows(), ROW_GRAIN);
        t.w = null;
        t.x = null;
        t.y = null;
        int s = 0;
        for (int v : t.partial) {
            s += v;
        }
        return s;
    }

    /**
     * {@link #matmulQ8} fused with the ABFT integer check: {@code acc[b]} receives (is overwritten with) the
     * wrapping sum of all per-block integer dot products with activation vector {@code b}.
     */
    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int[] acc) {
        MatmulQ8CheckedTask t = matmulQ8Checked;
        if (t.partial[0].length < batch) {
            for (int i = 0; i < t.partial.length; i++) {
                t.partial[i] = new int[batch];
            }
        }
        for (int[] a : t.partial) {
            java.util.Arrays.fill(a, 0, batch, 0);
        }
        t.w = w;
        t.x = x;
        t.batch = batch;
        t.y = y;
        t.yStride = yStride;
        pool.run(t, w.rows(), ROW_GRAIN);
        t.w = null;
        t.x = null;
        t.y = null;
        for (int b = 0; b < batch; b++) {
            int s = 0;
            for (int[] a : t.partial) {
                s += a[b];
            }
            acc[b] = s;
        }
    }

    /** {@link Kernels#attentionChecked} for all query heads, heads split across the pool. */
    public void attentionChecked(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, float[] vRowSums, float[] checks) {
        AttentionCheckedTask t = attentionChecked;
        t.q = q;
        t.qOff = qOff;
        t.cache = cache;
        t.layer = layer;
        t.pos = pos;
        t.nHeads = nHeads;
        t.nKvHeads = nKvHeads;
        t.headSize = headSize;
        t.out = out;
        t.outOff = outOff;
        t.vRowSums = vRowSums;
        t.checks = checks;
        pool.run(t, nHeads, 1);
        t.q = null;
        t.out = null;
        t.cache = null;
        t.vRowSums = null;
        t.checks = null;
    }

    /** Attention of one position for all query heads, heads split across the pool. */
    public void attention(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff) {
        AttentionTask t = attention;
        t.q = q;
        t.qOff = qOff;
        t.cache = cache;
        t.layer = layer;
        t.pos = pos;
        t.nHeads = nHeads;
        t.nKvHeads = nKvHeads;
        t.headSize = headSize;
        t.out = out;
        t.outOff = outOff;
        pool.run(t, nHeads, 1);
        t.q = null;
        t.out = null;
        t.cache = null;
    }

    private final class MatvecTask implements RangeTask {
        Tensor w;
        float[] x;
        int xOff;
        float[] y;

        @Override
        public void run(int start, int end) {
            k.matvec(w, x, xOff, y, start, end);
        }

        void clear() {
            w = null;
            x = null;
            y = null;
        }
    }

    private final class MatvecQ8Task implements RangeTask {
        Tensor w;
        Q8Activations x;
        int xOff;
        float[] y;

        @Override
        public void run(int start, int end) {
            k.matvecQ8(w, x, xOff, y, start, end);
        }

        void clear() {
            w = null;
            x = null;
            y = null;
        }
    }

    private final class MatmulTask implements RangeTask {
        Tensor w;
        float[] x;
        int batch;
        float[] y;
        int yStride;

        @Override
        public void run(int start, int end) {
            k.matmul(w, x, batch, y, yStride, start, end);
        }

        void clear() {
            w = null;
            x = null;
            y = null;
        }
    }

    private final class MatmulQ8Task implements RangeTask {
        Tensor w;
        Q8Activations x;
        int batch;
        float[] y;
        int yStride;

        @Override
        public void run(int start, int end) {
            k.matmulQ8(w, x, batch, y, yStride, start, end);
        }

        void clear() {
            w = null;
            x = null;
            y = null;
        }
    }

    private final class AttentionTask implements RangeTask {
        float[] q;
        int qOff;
        KvCache cache;
        int layer;
        int pos;
        int nHeads;
        int nKvHeads;
        int headSize;
        float[] out;
        int outOff;

        @Override
        public void run(int start, int end) {
            k.attention(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, start, end);
        }
    }

    private final class MatvecQ8CheckedTask implements RangeTask {
        final int[] partial = new int[pool.threads()];
        Tensor w;
        Q8Activations x;
        int xOff;
        float[] y;

        @Override
        public void run(int start, int end) {
            partial[pool.workerIndex()] += k.matvecQ8Checked(w, x, xOff, y, start, end);
        }
    }

    private final class MatmulQ8CheckedTask implements RangeTask {
        final int[][] partial = new int[pool.threads()][1];
        Tensor w;
        Q8Activations x;
        int batch;
        float[] y;
        int yStride;

        @Override
        public void run(int start, int end) {
            k.matmulQ8Checked(w, x, batch, y, yStride, start, end, partial[pool.workerIndex()]);
        }
    }

    private final class AttentionCheckedTask implements RangeTask {
        float[] q;
        int qOff;
        KvCache cache;
        int layer;
        int pos;
        int nHeads;
        int nKvHeads;
        int headSize;
        float[] out;
        int outOff;
        float[] vRowSums;
        float[] checks;

        @Override
        public void run(int start, int end) {
            k.attentionChecked(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, start, end,
                    vRowSums, checks);
        }
    }
}
