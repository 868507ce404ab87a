package io.radinfer.kernels.parallel;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.quant.CheckedDot;
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
    private final ReplicasTask replicas;
    /** Per-thread partial sums of the raw bits of the values the current op wrote (see {@link #outputBits}). */
    private final int[] bits;
    private int lastBits;

    public ParallelKernels(Kernels kernels, WorkerPool pool) {
        this.k = kernels;
        this.pool = pool;
        this.matvecQ8Checked = new MatvecQ8CheckedTask();
        this.matmulQ8Checked = new MatmulQ8CheckedTask();
        this.replicas = new ReplicasTask();
        this.bits = new int[pool.threads()];
    }

    /**
     * The wrapping sum of the raw bits ({@link CheckedDot#bitSum}) of every value the last {@link
     * #matvec}, {@link #matvecQ8Checked}, {@link #matmul}, {@link #matmulQ8Checked} or {@link
     * #attentionChecked} call wrote, each thread adding up its rows right after its kernel call returned them.
     * The protection layer compares it with a recount when it checks the output: exactly, so an upset of the
     * output between the kernel's stores and the check is caught however small, which the checksums' rounding
     * bound on the float stage cannot promise. (It says nothing about an arithmetic error inside the kernel,
     * which is in the values the sum is taken of.)
     */
    public int outputBits() {
        return lastBits;
    }

    /** {@link #outputBits} of replica {@code s} of the last {@link #matvecQ8Replicas} call. */
    public int replicaOutputBits(int s) {
        return replicas.outBits[s];
    }

    /** {@link CheckedDot#bitSum} of rows {@code [start, end)} of each of the {@code batch} outputs in {@code y}. */
    private int rowsBitSum(float[] y, int yStride, int batch, int start, int end) {
        int sum = 0;
        for (int b = 0; b < batch; b++) {
            sum += k.bitSum(y, b * yStride + start, end - start);
        }
        return sum;
    }

    private void resetBits() {
        java.util.Arrays.fill(bits, 0);
    }

    private void collectBits() {
        int s = 0;
        for (int b : bits) {
            s += b;
        }
        lastBits = s;
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
        resetBits();
        pool.run(t, w.rows(), ROW_GRAIN);
        collectBits();
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
        resetBits();
        pool.run(t, w.rows(), ROW_GRAIN);
        collectBits();
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
        return matvecQ8Checked(w, x, xOff, y, null);
    }

    /**
     * {@link #matvecQ8Checked(Tensor, Q8Activations, int, float[])}, the calling thread running {@code
     * alongside} first while the workers start (see {@link WorkerPool#run(RangeTask, int, int, Runnable)}).
     */
    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, Runnable alongside) {
        MatvecQ8CheckedTask t = matvecQ8Checked;
        t.w = w;
        t.x = x;
        t.xOff = xOff;
        t.y = y;
        java.util.Arrays.fill(t.partial, 0);
        resetBits();
        pool.run(t, w.rows(), ROW_GRAIN, alongside);
        collectBits();
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
     * Weight bytes one thread runs through all replicas before moving on (see {@link #matvecQ8Replicas}):
     * well inside a core's L2 (1 MB on Zen 4 and Zen 5), so the second and third replicas read from L2.
     */
    public static final int REPLICA_BLOCK_BYTES = 256 * 1024;

    /**
     * {@code copies} (1 to 3) independent executions of {@link #matvecQ8} (or, when {@code sums} is not null,
     * of {@link #matvecQ8Checked}, with replica {@code s}'s integer sum in {@code sums[s]}), the rows split
     * across the pool as usual, and each thread running all replicas over one block of rows of at most
     * {@link #REPLICA_BLOCK_BYTES} weight bytes before the next: the weights stream from memory once rather
     * than once per replica (for DMR and temporal TMR on a model that does not fit in the caches).
     *
     * <p>The replicas stay separate executions: each is its own kernel call with its own output array, and
     * reads the activations and weights through references taken from per-replica slots, so the JIT cannot
     * prove two replicas' loads the same and merge their arithmetic. Each replica's output and sum equal
     * what {@link #matvecQ8Checked} gives alone (the same per-row sums; the integer sums wrap the same way).
     * {@code alongside}, if not null, runs on the calling thread first, as in {@link WorkerPool#run(RangeTask,
     * int, int, Runnable)}.
     */
    public void matvecQ8Replicas(Tensor w, Q8Activations x, int xOff, float[][] ys, int copies, int[] sums,
            Runnable alongside) {
        if (copies < 1 || copies > ReplicasTask.MAX) {
            throw new IllegalArgumentException("copies must be 1 to " + ReplicasTask.MAX + ", not " + copies);
        }
        ReplicasTask t = replicas;
        for (int s = 0; s < copies; s++) {
            t.w[s] = w;
            t.x[s] = x;
            t.y[s] = ys[s];
        }
        t.xOff = xOff;
        t.copies = copies;
        t.checked = sums != null;
        t.blockRows = Math.max(ROW_GRAIN, (int) (REPLICA_BLOCK_BYTES / w.rowBytes()) / ROW_GRAIN * ROW_GRAIN);
        for (int[] a : t.partial) {
            java.util.Arrays.fill(a, 0);
        }
        for (int[] a : t.bitsPartial) {
            java.util.Arrays.fill(a, 0);
        }
        pool.run(t, w.rows(), ROW_GRAIN, alongside);
        for (int s = 0; s < copies; s++) {
            int b = 0;
            for (int[] a : t.bitsPartial) {
                b += a[s];
            }
            t.outBits[s] = b;
        }
        java.util.Arrays.fill(t.w, null);
        java.util.Arrays.fill(t.x, null);
        java.util.Arrays.fill(t.y, null);
        if (sums != null) {
            for (int s = 0; s < copies; s++) {
                int sum = 0;
                for (int[] a : t.partial) {
                    sum += a[s];
                }
                sums[s] = sum;
            }
        }
    }

    /**
     * {@link #matmulQ8} fused with the ABFT integer check: {@code acc[b]} receives (is overwritten with) the
     * wrapping sum of all per-block integer dot products with activation vector {@code b}.
     */
    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int[] acc) {
        matmulQ8Checked(w, x, batch, y, yStride, acc, null);
    }

    /** {@link #matmulQ8Checked(Tensor, Q8Activations, int, float[], int, int[])} with work run alongside. */
    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int[] acc,
            Runnable alongside) {
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
        resetBits();
        pool.run(t, w.rows(), ROW_GRAIN, alongside);
        collectBits();
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
        resetBits();
        pool.run(t, nHeads, 1);
        collectBits();
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
            bits[pool.workerIndex()] += k.bitSum(y, start, end - start);
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
            bits[pool.workerIndex()] += rowsBitSum(y, yStride, batch, start, end);
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
            bits[pool.workerIndex()] += k.bitSum(y, start, end - start);
        }
    }

    private final class ReplicasTask implements RangeTask {
        static final int MAX = 3;
        final Tensor[] w = new Tensor[MAX];
        final Q8Activations[] x = new Q8Activations[MAX];
        final float[][] y = new float[MAX][];
        final int[][] partial = new int[pool.threads()][MAX];
        final int[][] bitsPartial = new int[pool.threads()][MAX];
        final int[] outBits = new int[MAX];
        int xOff;
        int copies;
        boolean checked;
        int blockRows;

        @Override
        public void run(int start, int end) {
            int[] part = partial[pool.workerIndex()];
            int[] partBits = bitsPartial[pool.workerIndex()];
            for (int a = start; a < end; a += blockRows) {
                int b = Math.min(end, a + blockRows);
                for (int s = 0; s < copies; s++) {
                    if (checked) {
                        part[s] += k.matvecQ8Checked(w[s], x[s], xOff, y[s], a, b);
                    } else {
                        k.matvecQ8(w[s], x[s], xOff, y[s], a, b);
                    }
                    partBits[s] += k.bitSum(y[s], a, b - a);
                }
            }
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
            bits[pool.workerIndex()] += rowsBitSum(y, yStride, batch, start, end);
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
            bits[pool.workerIndex()] += k.bitSum(out, outOff + start * headSize, (end - start) * headSize);
        }
    }
}
